import type { Options, Store } from 'express-rate-limit';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock/clock';
import type { Database } from '../db/schema';

/**
 * The login limit's counters in PostgreSQL, so every instance on one database shares one budget
 * per client address (counted in memory, N instances would allow N times the attempts).
 * One row per address holds the current fixed window and its hits; each attempt is one atomic
 * upsert. A window never moves backwards, so an instance whose clock lags a little counts into
 * the newer window instead of resetting it. Rows of past windows are deleted at most once a
 * window per instance, off the request's path.
 */
export class DatabaseRateLimitStore implements Store {
  /** The counts are shared between instances. */
  readonly localKeys = false;
  private windowMs = 60_000;
  private prunedBefore = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly onPruneError: (e: unknown) => void,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<{ totalHits: number; resetTime: Date }> {
    const windowStart = this.windowStart();
    const { rows } = await sql<{ hits: number; window_start: Date }>`
      insert into auth_rate_limits (key, window_start, hits) values (${key}, ${windowStart}, 1)
      on conflict (key) do update set
        hits = case when auth_rate_limits.window_start >= excluded.window_start
          then auth_rate_limits.hits + 1 else 1 end,
        window_start = greatest(auth_rate_limits.window_start, excluded.window_start)
      returning hits, window_start
    `.execute(this.db);
    const row = rows[0];
    this.prune(windowStart);
    return {
      totalHits: row?.hits ?? 1,
      resetTime: new Date((row?.window_start ?? windowStart).getTime() + this.windowMs),
    };
  }

  async decrement(key: string): Promise<void> {
    await this.db
      .updateTable('auth_rate_limits')
      .set((eb) => ({ hits: eb.fn('greatest', [eb('hits', '-', 1), eb.lit(0)]) }))
      .where('key', '=', key)
      .execute();
  }

  async resetKey(key: string): Promise<void> {
    await this.db.deleteFrom('auth_rate_limits').where('key', '=', key).execute();
  }

  private windowStart(): Date {
    const now = this.clock.now().getTime();
    return new Date(Math.floor(now / this.windowMs) * this.windowMs);
  }

  private prune(windowStart: Date): void {
    if (windowStart.getTime() <= this.prunedBefore) return;
    this.prunedBefore = windowStart.getTime();
    this.db
      .deleteFrom('auth_rate_limits')
      .where('window_start', '<', windowStart)
      .execute()
      .catch(this.onPruneError);
  }
}
