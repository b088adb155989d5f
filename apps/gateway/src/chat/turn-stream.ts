import type { Clock } from '../clock/clock';
import { UNAVAILABLE_RETRY_LIMIT_MS } from '../db/retry';
import { warnUnlessUnavailable } from '../db/unavailable';
import type { Logger } from '../logging/logger';
import type { ConnectionHub } from '../realtime/hub';
import type { LoggedFrame, StreamLog } from '../realtime/stream-log';
import { type StreamFrame, serializeFrame, type TurnFrame } from './server-frames';
import { WritePacer, type WritePacing } from './write-pacer';

/** Pause between tries to store a closing turn's last frames while the database is away. */
const CLOSING_RETRY_MS = 500;

interface Entry extends LoggedFrame {
  frame: StreamFrame;
  except?: string;
}

export interface TurnStreamDeps {
  hub: Pick<ConnectionHub, 'deliverStream' | 'publishStream'>;
  streamLog: Pick<StreamLog, 'append'>;
  clock: Clock;
  log: Logger;
  validate: boolean;
  /** Reserves more seqs for the turn; undefined when the turn lost its lock. */
  extend(block: number): Promise<number | undefined>;
  /** Seqs reserved per extension. */
  block: number;
  /** When frames are stored. */
  pacing: WritePacing;
  /** Sees every frame as the session's followers get it (a whole-text caller's collector). */
  observe?(frame: StreamFrame): void;
}

/**
 * The frames of one chat turn. Each gets the session's next seq and goes at once to the
 * session's followers on this instance; in the background it is stored (batched) and only
 * then published to the other instances, so any frame another instance sees is already in the
 * stream log for a resume there. A frame whose seq is not reserved yet waits for the
 * reservation: no client ever holds a seq that the database does not know was handed out.
 */
export class TurnStream {
  private nextSeq: number;
  private reservedThrough: number;
  private readonly sent: Entry[] = [];
  private unstored: Entry[] = [];
  private readonly waiting: Array<{ frame: TurnFrame; except?: string }> = [];
  private extending: Promise<void> | undefined;
  private storing: Promise<void> = Promise.resolve();
  private readonly pacer: WritePacer;
  /** The turn lost its lock (another instance ended it): nothing more is sent or stored. */
  lost = false;

  constructor(
    readonly sessionId: string,
    firstSeq: number,
    reservedThrough: number,
    private readonly deps: TurnStreamDeps,
  ) {
    this.nextSeq = firstSeq;
    this.reservedThrough = reservedThrough;
    this.pacer = new WritePacer(deps.pacing, () => void this.flush());
  }

  /** Numbers the frame and sends it to the session's followers (all but `except`, the sender). */
  emit(frame: TurnFrame, except?: string): void {
    if (this.lost) return;
    if (this.waiting.length > 0 || this.nextSeq > this.reservedThrough) {
      this.waiting.push({ frame, except });
      this.reserveMore();
      return;
    }
    this.send(frame, except);
    if (this.nextSeq > this.reservedThrough - this.deps.block / 2) this.reserveMore();
  }

  /** Frames of this turn after `afterSeq` (a resume on this instance, before they are all stored). */
  framesAfter(afterSeq: number): StreamFrame[] {
    return this.sent.filter((e) => e.seq > afterSeq).map((e) => e.frame);
  }

  /** The last seq handed out (firstSeq - 1 when none). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Sends what waits for a reservation, stores everything; resolves with the last seq used. */
  async close(): Promise<number> {
    while (this.waiting.length > 0 && !this.lost) {
      this.reserveMore();
      await this.extending;
      if (this.waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.pacer.cancel();
    // The turn's last frames (stream_end among them) wait out an outage, bounded.
    const deadline = performance.now() + UNAVAILABLE_RETRY_LIMIT_MS;
    await this.flush();
    while (this.unstored.length > 0 && !this.lost && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, CLOSING_RETRY_MS));
      await this.flush();
    }
    if (this.unstored.length > 0 && !this.lost) {
      this.deps.log.warn(
        { sessionId: this.sessionId, frames: this.unstored.length },
        'a closing turn’s stream frames could not be stored: a resume will not find them',
      );
    }
    return this.lastSeq;
  }

  /** Stops at once: nothing more is sent or stored (the instance is going away). */
  abandon(): void {
    this.lost = true;
    this.pacer.cancel();
    this.unstored = [];
    this.waiting.length = 0;
  }

  private send(frame: TurnFrame, except?: string): void {
    const seq = this.nextSeq++;
    const full = {
      ...frame,
      session_id: this.sessionId,
      seq,
      timestamp: this.deps.clock.now().getTime(),
    } as StreamFrame;
    const json = serializeFrame(full, this.deps.validate);
    const entry: Entry = { seq, json, frame: full, except };
    this.sent.push(entry);
    this.unstored.push(entry);
    this.deps.hub.deliverStream(this.sessionId, seq, json, except);
    this.deps.observe?.(full);
    if (this.unstored.length >= this.deps.pacing.maxBatch) this.pacer.runNow();
    else this.pacer.poke();
  }

  private reserveMore(): void {
    if (this.extending || this.lost) return;
    this.extending = this.deps
      .extend(this.deps.block)
      .then((through) => {
        if (through === undefined) {
          this.lost = true;
          this.waiting.length = 0;
          return;
        }
        this.reservedThrough = through;
        while (this.waiting.length > 0 && this.nextSeq <= this.reservedThrough) {
          const next = this.waiting.shift();
          if (next) this.send(next.frame, next.except);
        }
      })
      .catch((e: unknown) =>
        warnUnlessUnavailable(this.deps.log, e, 'could not reserve stream seqs; retrying'),
      )
      .finally(() => {
        this.extending = undefined;
        if (this.waiting.length > 0 && !this.lost) setTimeout(() => this.reserveMore(), 100).unref();
      });
  }

  /** Stores the unstored frames, then publishes them; one batch at a time, in order. */
  private flush(): Promise<void> {
    this.storing = this.storing.then(async () => {
      const batch = this.unstored;
      if (batch.length === 0 || this.lost) return;
      this.unstored = [];
      try {
        await this.deps.streamLog.append(this.sessionId, batch, this.deps.clock.now());
      } catch (e) {
        // Kept for the next flush; the closing flush reports if it still fails.
        this.unstored = [...batch, ...this.unstored];
        warnUnlessUnavailable(this.deps.log, e, 'could not store stream frames; retrying', {
          sessionId: this.sessionId,
        });
        setTimeout(() => this.pacer.poke(), 500).unref();
        return;
      }
      this.deps.hub.publishStream(
        this.sessionId,
        batch.map((e) => e.frame),
      );
    });
    return this.storing;
  }
}
