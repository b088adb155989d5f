import { isDatabaseUnavailable } from './unavailable';

/** How long a write that must not be lost keeps trying while the database is away. */
export const UNAVAILABLE_RETRY_LIMIT_MS = 60_000;
const FIRST_PAUSE_MS = 100;
const LONGEST_PAUSE_MS = 2_000;

/**
 * Runs `work`, and again (with growing pauses) for as long as it fails because the database
 * cannot be reached, up to `limitMs`; any other failure, or the last one, is thrown. For writes
 * whose data exists nowhere else (a finished reply, the end of a turn): they wait out an outage
 * instead of being dropped.
 */
export async function retryWhileUnavailable<T>(
  work: () => Promise<T>,
  limitMs = UNAVAILABLE_RETRY_LIMIT_MS,
): Promise<T> {
  const deadline = performance.now() + limitMs;
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    try {
      return await work();
    } catch (e) {
      if (!isDatabaseUnavailable(e) || performance.now() + pause > deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }
}
