import type { Clock } from '../clock/clock';
import { ApiError } from '../http/api-error';
import type { ConnectionHub } from '../realtime/hub';
import type { StreamLog } from '../realtime/stream-log';
import { type GenerationDeps, generateReply, type TurnOutcome } from './generation';
import type { StreamFrame } from './server-frames';
import { SEQ_BLOCK, type TurnLease, type TurnLocks } from './turn-locks';
import type { TurnObserver } from './turn-observer';
import type { TurnRequest } from './turn-request';
import { TurnStream } from './turn-stream';

export interface TurnRunnerDeps extends GenerationDeps {
  locks: TurnLocks;
  hub: ConnectionHub;
  streamLog: StreamLog;
  clock: Clock;
  validate: boolean;
}

interface ActiveTurn {
  stream: TurnStream;
  lease: TurnLease;
  controller: AbortController;
  stopping: boolean;
  abandoned: boolean;
}

/**
 * Runs chat turns on this instance: waits for the session's turn, announces the user's message
 * to the session's other devices, streams the reply, and frees the session. A turn does not
 * depend on any connection: it goes on with zero clients, and its frames wait in the stream
 * log for whoever resumes.
 */
export class TurnRunner {
  private readonly active = new Map<string, ActiveTurn>();
  private readonly starting = new Set<Promise<void>>();

  constructor(private readonly deps: TurnRunnerDeps) {}

  /**
   * Starts the reply to a stored message; resolves when the turn is over (it never rejects).
   * `observer` sees the turn's frames, or why it could not run.
   */
  run(req: TurnRequest, observer?: TurnObserver): Promise<void> {
    const running = this.runTurn(req, observer).catch((e: unknown) => {
      observer?.failed(e);
      // Refused while stopping: the message is stored, its reply is for after the restart.
      if (e instanceof ApiError && e.errorType === 'service_unavailable') return;
      this.deps.log.error({ err: e, sessionId: req.sessionId }, 'chat turn failed');
    });
    this.starting.add(running);
    void running.finally(() => this.starting.delete(running));
    return running;
  }

  /** Frames of the session's turn running here, after `afterSeq` (stored or not yet). */
  liveFrames(sessionId: string, afterSeq: number): StreamFrame[] {
    return this.active.get(sessionId)?.stream.framesAfter(afterSeq) ?? [];
  }

  /** Ends every running reply as interrupted (text kept) and waits for them. */
  async shutdown(): Promise<void> {
    this.deps.locks.close();
    for (const turn of this.active.values()) {
      turn.stopping = true;
      turn.controller.abort(new Error('gateway stopping'));
    }
    await Promise.allSettled([...this.starting]);
  }

  /** Drops every turn without a word to anyone: what a crash leaves behind. */
  abandon(): void {
    this.deps.locks.close();
    for (const turn of this.active.values()) {
      turn.abandoned = true;
      turn.stream.abandon();
      turn.lease.abandon();
      turn.controller.abort(new Error('gateway gone'));
    }
    this.active.clear();
  }

  private async runTurn(req: TurnRequest, observer: TurnObserver | undefined): Promise<void> {
    const { deps } = this;
    const lease = await deps.locks.acquire(req.sessionId, req.userId);
    const stream = new TurnStream(
      req.sessionId,
      lease.reservation.firstSeq,
      lease.reservation.reservedThrough,
      {
        hub: deps.hub,
        streamLog: deps.streamLog,
        clock: deps.clock,
        log: deps.log,
        validate: deps.validate,
        block: SEQ_BLOCK,
        pacing: deps.pacing,
        extend: (block) => lease.extend(block),
        observe: observer ? (frame) => observer.frame(frame) : undefined,
      },
    );
    const controller = new AbortController();
    const turn: ActiveTurn = { stream, lease, controller, stopping: false, abandoned: false };
    this.active.set(req.sessionId, turn);
    lease.onLost(() => {
      stream.lost = true;
      controller.abort(new Error('turn taken over'));
    });

    let outcome: TurnOutcome = 'interrupted';
    try {
      if (req.fromVoice) stream.emit({ type: 'voice_transcript', text: req.content });
      stream.emit(
        {
          type: 'response',
          message_id: String(req.userMessageId),
          role: 'user',
          msg_type: 'chat',
          text: req.content,
          content: req.content,
          response_mode: req.mode,
          client_info: req.clientInfo,
        },
        req.senderConnectionId,
      );
      outcome = await generateReply(
        req,
        stream,
        lease,
        { signal: controller.signal, stopping: () => turn.stopping },
        deps,
      );
    } finally {
      if (!turn.abandoned) {
        // Stored before it leaves `active`, so a resume meanwhile finds every frame in one place or the other.
        const lastSeq = await stream.close();
        if (this.active.get(req.sessionId) === turn) this.active.delete(req.sessionId);
        await lease.finish(outcome, lastSeq);
      }
    }
  }
}
