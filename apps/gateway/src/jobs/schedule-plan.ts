import type { MisfirePolicy } from './types';

/** Missed occurrences counted at most this far back (a recurring job down for years stops here). */
const MAX_COUNTED = 10_000;

export interface PlanInput {
  /** The occurrence the job row holds. */
  occurrenceAt: Date;
  now: Date;
  /** An occurrence at most this late is on time, whatever the policy. */
  graceMs: number;
  policy: MisfirePolicy;
  /** `all`: the most occurrences run. */
  limit: number;
  /** Recurring jobs: the next occurrence after a time; absent for one-shot jobs. */
  next?: (after: Date) => Date | null;
}

/**
 * Which occurrences of a job to run now, oldest first. On time: the one due. Late (the gateway
 * was down): none (`skip`, except one still within the grace period), the latest (`once`), or
 * the latest `limit` ones (`all`).
 */
export function occurrencesToRun(input: PlanInput): Date[] {
  const { occurrenceAt, now, graceMs, policy } = input;
  const late = now.getTime() - occurrenceAt.getTime() > graceMs;
  if (!late) return [occurrenceAt];
  if (!input.next) return policy === 'skip' ? [] : [occurrenceAt];

  const due: Date[] = [];
  for (let at: Date | null = occurrenceAt; at && at <= now && due.length < MAX_COUNTED; at = input.next(at)) {
    due.push(at);
  }
  const latest = due[due.length - 1];
  if (!latest) return [];
  switch (policy) {
    case 'skip':
      return now.getTime() - latest.getTime() <= graceMs ? [latest] : [];
    case 'once':
      return [latest];
    case 'all':
      return due.slice(-Math.max(1, input.limit));
  }
}

/** Delay before retry `attempt` (1-based) of a failed occurrence: 5 s doubling, at most 15 min. */
export function retryDelayMs(attempt: number, baseMs = 5_000, maxMs = 15 * 60_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
