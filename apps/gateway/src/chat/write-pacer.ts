/**
 * When a turn's database writes run. On PostgreSQL a write costs the event loop nothing, so it
 * runs soon (other instances see frames only once stored). Embedded PGlite runs every query on
 * the event loop, so there a write waits for a quiet moment in the stream — a gap between
 * chunks — and is only forced after `maxWaitMs`: delivery first, storage in the pauses.
 */
export interface WritePacing {
  /** Run once the stream has been quiet this long… */
  quietMs: number;
  /** …or at the latest this long after the first request. */
  maxWaitMs: number;
  /** Frames stored per write at most; more run a write at once. */
  maxBatch: number;
}

export const PACING_POSTGRES: WritePacing = { quietMs: 20, maxWaitMs: 20, maxBatch: 64 };
export const PACING_EMBEDDED: WritePacing = { quietMs: 10, maxWaitMs: 1_000, maxBatch: 1_024 };

/** Runs `task` per the pacing: each `poke` restarts the quiet period, up to the longest wait. */
export class WritePacer {
  private timer: NodeJS.Timeout | undefined;
  private firstPokeAt: number | undefined;

  constructor(
    private readonly pacing: WritePacing,
    private readonly task: () => void,
  ) {}

  poke(): void {
    const now = performance.now();
    this.firstPokeAt ??= now;
    const waited = now - this.firstPokeAt;
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.run(),
      Math.max(0, Math.min(this.pacing.quietMs, this.pacing.maxWaitMs - waited)),
    );
  }

  /** Runs now (a full batch, the end of the turn). */
  runNow(): void {
    this.run();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.firstPokeAt = undefined;
  }

  private run(): void {
    this.cancel();
    this.task();
  }
}
