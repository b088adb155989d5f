import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock';
import { retryWhileUnavailable } from '../db/retry';
import type { GenerationRow } from '../db/schema';
import { warnUnlessUnavailable } from '../db/unavailable';
import { ApiError } from '../http/api-error';
import type { Logger } from '../logging/logger';
import type { ConnectionHub } from '../realtime/hub';
import type { GenerationsRepository, SeqReservation } from './generations-repository';

/** Seqs reserved at a time: a turn touches stream_cursors once per this many frames. */
export const SEQ_BLOCK = 256;
/** How often an instance waiting for another instance's turn looks again (a bus message wakes it sooner). */
const POLL_MS = 250;
/** A turn whose instance missed this many heartbeats is dead. */
const MISSED_BEATS = 3;

export interface TurnLocksDeps {
  repo: GenerationsRepository;
  hub: ConnectionHub;
  clock: Clock;
  log: Logger;
  instanceId: string;
  heartbeatMs: number;
  /** Ends a turn whose instance died, so the session can go on. */
  interrupt(row: GenerationRow): Promise<boolean>;
}

/**
 * One chat turn at a time per session, across every instance: the running `generations` row
 * is the lock. Turns on this instance queue in order of arrival; a turn held by another
 * instance is waited for, or ended as interrupted when that instance stopped beating.
 */
export class TurnLocks {
  private readonly localTails = new Map<string, Promise<void>>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private closed = false;

  constructor(private readonly deps: TurnLocksDeps) {
    deps.hub.onTurnEnded((sessionId) => this.wake(sessionId));
  }

  /** Running turns that beat before this are dead. */
  staleCutoff(): Date {
    return new Date(this.deps.clock.now().getTime() - MISSED_BEATS * this.deps.heartbeatMs);
  }

  async acquire(sessionId: string, userId: string): Promise<TurnLease> {
    const previous = this.localTails.get(sessionId) ?? Promise.resolve();
    let releaseLocal: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      releaseLocal = resolve;
    });
    const tail = previous.then(() => mine);
    this.localTails.set(sessionId, tail);
    void tail.then(() => {
      if (this.localTails.get(sessionId) === tail) this.localTails.delete(sessionId);
    });
    await previous;
    try {
      return await this.acquireShared(sessionId, userId, releaseLocal);
    } catch (e) {
      releaseLocal();
      throw e;
    }
  }

  /** Wakes whoever waits for the session's turn (a turn ended here or on another instance). */
  wake(sessionId: string): void {
    const set = this.waiters.get(sessionId);
    this.waiters.delete(sessionId);
    for (const wake of set ?? []) wake();
  }

  /** Refuses new turns and releases everyone waiting. */
  close(): void {
    this.closed = true;
    for (const sessionId of [...this.waiters.keys()]) this.wake(sessionId);
  }

  private async acquireShared(
    sessionId: string,
    userId: string,
    releaseLocal: () => void,
  ): Promise<TurnLease> {
    const { repo, clock, instanceId } = this.deps;
    for (;;) {
      if (this.closed) throw new ApiError('service_unavailable', '服务正在停止,请稍后重试');
      const id = randomUUID();
      const reservation = await repo.start({ id, sessionId, userId, instanceId, at: clock.now() }, SEQ_BLOCK);
      if (reservation) {
        return new TurnLease(id, sessionId, reservation, this.deps, () => {
          releaseLocal();
          this.wake(sessionId);
        });
      }
      const holder = await repo.running(sessionId);
      if (holder && holder.heartbeat_at < this.staleCutoff()) {
        await this.deps.interrupt(holder);
        continue;
      }
      await this.waitForTurnEnd(sessionId);
    }
  }

  private waitForTurnEnd(sessionId: string): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, POLL_MS);
      let set = this.waiters.get(sessionId);
      if (!set) {
        set = new Set();
        this.waiters.set(sessionId, set);
      }
      set.add(done);
      const waiters = set;
      function done() {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
    });
  }
}

/** A held turn: its seqs, its heartbeat, and its end. */
export class TurnLease {
  /** Another instance ended this turn (this instance was taken for dead). */
  lost = false;
  private readonly timer: NodeJS.Timeout;
  private released = false;
  private readonly lostHandlers: Array<() => void> = [];

  constructor(
    readonly generationId: string,
    readonly sessionId: string,
    readonly reservation: SeqReservation,
    private readonly deps: TurnLocksDeps,
    private readonly release: () => void,
  ) {
    this.timer = setInterval(() => this.beat(), deps.heartbeatMs);
    this.timer.unref();
  }

  /** Called once if another instance ends this turn. */
  onLost(handler: () => void): void {
    this.lostHandlers.push(handler);
  }

  setMessage(messageId: number): Promise<void> {
    return this.deps.repo.setMessage(this.generationId, messageId);
  }

  extend(block: number): Promise<number | undefined> {
    return this.deps.repo.extend(this.generationId, this.sessionId, block, this.deps.clock.now());
  }

  /** Ends the turn, frees the session for the next one, and tells the other instances. */
  async finish(status: 'done' | 'interrupted', lastSeq: number): Promise<void> {
    clearInterval(this.timer);
    try {
      if (!this.lost) {
        // Left running, the turn would be taken for dead and its stored reply overwritten.
        const at = this.deps.clock.now();
        await retryWhileUnavailable(() =>
          this.deps.repo.finish(this.generationId, this.sessionId, status, lastSeq, at),
        );
      }
    } finally {
      this.free();
      this.deps.hub.announceTurnEnded(this.sessionId);
    }
  }

  /** Lets go without a word to the database: what a crash leaves behind. */
  abandon(): void {
    clearInterval(this.timer);
    this.lost = true;
    this.free();
  }

  private free(): void {
    if (this.released) return;
    this.released = true;
    this.release();
  }

  private beat(): void {
    this.deps.repo
      .heartbeat(this.generationId, this.deps.clock.now())
      .then((running) => {
        if (running || this.lost) return;
        this.lost = true;
        clearInterval(this.timer);
        this.deps.log.warn({ generationId: this.generationId }, 'chat turn was ended by another instance');
        for (const handler of this.lostHandlers) handler();
      })
      .catch((e: unknown) => warnUnlessUnavailable(this.deps.log, e, 'chat turn heartbeat failed'));
  }
}
