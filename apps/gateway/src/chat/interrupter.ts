import type { Clock } from '../clock/clock';
import type { GenerationRow } from '../db/schema';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { Logger } from '../logging/logger';
import type { ConnectionHub } from '../realtime/hub';
import type { StreamLog } from '../realtime/stream-log';
import type { SessionsService } from '../sessions/service';
import type { GenerationsRepository } from './generations-repository';
import { type StreamFrame, serializeFrame } from './server-frames';

/** What a client is told when a turn died before any reply text existed. */
export const TURN_LOST_ERROR = 'AI 回复已中断: 处理该消息的网关实例已停止,请重新发送';

export interface TurnInterrupterDeps {
  repo: GenerationsRepository;
  streamLog: StreamLog;
  sessions: Pick<SessionsService, 'updateMessage'>;
  hub: ConnectionHub;
  clock: Clock;
  log: Logger;
  validate: boolean;
  /** Running turns that beat before this are dead. */
  staleCutoff(): Date;
  /** This instance: its own turns are alive while it runs, whatever their last heartbeat. */
  instanceId: string;
}

/**
 * Ends the turns of instances that died: their clients get a stream_end marked interrupted
 * with the text streamed so far (which is also what the assistant message keeps), or an error
 * frame when no reply had started. Any instance may do it; the first one wins.
 */
export class TurnInterrupter {
  /** When the database last answered again after an outage. */
  private backAt: Date | undefined;
  /** The last sweep failed because the database was away. */
  private sweepFailed = false;

  constructor(private readonly deps: TurnInterrupterDeps) {}

  /**
   * The database answers again: no instance could beat while it was away, so nothing counts as
   * stale until the live ones have had the staleness window to beat again.
   */
  databaseBack(): void {
    this.backAt = this.deps.clock.now();
  }

  private justBack(): boolean {
    return this.backAt !== undefined && this.backAt > this.deps.staleCutoff();
  }

  /** `known dead`: end it whatever its last heartbeat (else only once it is stale). */
  async interrupt(row: GenerationRow, knownDead = false): Promise<boolean> {
    const { repo, streamLog, clock, hub } = this.deps;
    const messageId = row.message_id;
    const text = messageId === null ? '' : await streamLog.streamedText(row.session_id, messageId);
    if (!knownDead && this.justBack()) return false;
    const cutoff = knownDead ? undefined : this.deps.staleCutoff();
    const frame = await repo.interrupt(row, cutoff, clock.now(), (seq) => {
      const base = { session_id: row.session_id, seq, timestamp: clock.now().getTime() };
      const closing: StreamFrame =
        messageId === null
          ? { type: 'error', error: TURN_LOST_ERROR, errorType: 'service_unavailable', ...base }
          : {
              type: 'stream_end',
              message_id: String(messageId),
              text,
              finish_reason: 'interrupted',
              interrupted: true,
              ...base,
            };
      return closing;
    });
    if (!frame) return false;
    this.deps.log.warn(
      { generationId: row.id, sessionId: row.session_id, instanceId: row.instance_id },
      'ended the chat turn of a gateway instance that stopped',
    );
    hub.deliverStream(row.session_id, frame.seq, serializeFrame(frame, this.deps.validate));
    hub.publishStream(row.session_id, [frame]);
    hub.announceTurnEnded(row.session_id);
    if (messageId !== null) {
      await this.deps.sessions
        .updateMessage(messageId, {
          content: text,
          meta: { streaming: false, interrupted: true, finish_reason: 'interrupted' },
        })
        .catch((e: unknown) =>
          this.deps.log.warn({ err: e, messageId }, 'could not store an interrupted reply'),
        );
    }
    return true;
  }

  /** Ends every dead turn (run periodically by each instance). */
  async sweep(): Promise<void> {
    if (this.justBack()) return;
    let stale: GenerationRow[];
    try {
      stale = await this.deps.repo.stale(this.deps.staleCutoff(), this.deps.instanceId);
    } catch (e) {
      // Seen here too, not only by the pool (whose connections may all have been idle and closed).
      if (isDatabaseUnavailable(e)) this.sweepFailed = true;
      throw e;
    }
    if (this.sweepFailed) {
      this.sweepFailed = false;
      this.databaseBack();
      return;
    }
    for (const row of stale) await this.interrupt(row);
  }

  /**
   * Ends at once every turn other instances left running, without waiting for them to go stale:
   * for the embedded database at start, where no other process can hold the data dir, so they
   * all belonged to a predecessor that died (a crash, a kill -9).
   */
  async endPredecessorTurns(instanceId: string): Promise<void> {
    for (;;) {
      const rows = await this.deps.repo.runningElsewhere(instanceId);
      let ended = 0;
      for (const row of rows) if (await this.interrupt(row, true)) ended++;
      if (ended === 0) return;
    }
  }

  /** Ends the session's turn if its instance died (before a resume replays the session). */
  async settle(sessionId: string): Promise<void> {
    const row = await this.deps.repo.running(sessionId);
    if (row && row.heartbeat_at < this.deps.staleCutoff()) await this.interrupt(row);
  }
}
