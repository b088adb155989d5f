import type { z } from 'zod';
import type { MisfirePolicy } from '../db/schema';

export type { MisfirePolicy };

/** Work to do at a time, identified by `key` (one row per key: scheduling the same key again moves it). */
export interface JobSpec<P> {
  kind: string;
  /** The job's identity, e.g. `reminder:<id>`; the idempotency key of an occurrence is `<key>@<time>`. */
  key: string;
  runAt: Date;
  payload: P;
  /**
   * What to do with occurrences that came due while no gateway ran (later than the grace period):
   * skip them, run the latest once, or run each (at most `misfireLimit`, the latest ones).
   * Default: once.
   */
  misfire?: MisfirePolicy;
  misfireLimit?: number;
  /** Attempts before an occurrence is given up (default 5). */
  maxAttempts?: number;
}

/** One occurrence handed to a handler. */
export interface JobOccurrence<P> {
  key: string;
  payload: P;
  /** When this occurrence was due. */
  scheduledAt: Date;
  /** `<key>@<scheduledAt ISO>`: effects written with it happen once, even when the job is taken over. */
  idempotencyKey: string;
  /** 1 on the first try; more after a failure or a takeover. */
  attempt: number;
}

/** What a handler may answer: a time to run again, null when the job is finished, nothing for the default. */
export type JobOutcome = { next: Date | null } | undefined;

/** A kind of job and how to run it. */
export interface JobKind<P> {
  kind: string;
  /** Checks a stored payload (it crossed the database, and may be from an older version). */
  payload: z.ZodType<P, z.ZodTypeDef, unknown>;
  handle(occurrence: JobOccurrence<P>): Promise<JobOutcome>;
  /**
   * Recurring kinds: the first occurrence strictly after `after`, or null when the series ends.
   * The runner uses it to count missed occurrences and to schedule the next one after a run.
   */
  next?(payload: P, after: Date): Date | null;
}
