import { z } from 'zod';
import type { Clock } from '../clock/clock';
import type { JobRunner } from '../jobs/runner';
import type { Logger } from '../logging/logger';

/** How often old stream frames and finished turns are pruned. */
export const STREAM_PRUNE_EVERY_MS = 60_000;

const PRUNE_JOB = 'chat.prune-streams';
const NoPayload = z.object({}).strict();

/**
 * Prunes stream frames and finished turns older than the retention, as a recurring job: the job
 * runner keeps it on the injected clock and one instance runs each occurrence, as it does the
 * other periodic work. A failed run is logged and waits for the next one (no retry backoff).
 */
export function registerStreamPruning(
  jobs: Pick<JobRunner, 'register' | 'standing'>,
  deps: { clock: Clock; log: Logger; prune(before: Date): Promise<void>; retentionMinutes: number },
): void {
  jobs.register({
    kind: PRUNE_JOB,
    payload: NoPayload,
    next: (_payload, after) => new Date(after.getTime() + STREAM_PRUNE_EVERY_MS),
    handle: async () => {
      const before = new Date(deps.clock.now().getTime() - deps.retentionMinutes * 60_000);
      await deps
        .prune(before)
        .catch((e: unknown) => deps.log.warn({ err: e }, 'pruning stream frames failed'));
      return undefined;
    },
  });
  jobs.standing({
    kind: PRUNE_JOB,
    key: PRUNE_JOB,
    runAt: new Date(deps.clock.now().getTime() + STREAM_PRUNE_EVERY_MS),
    payload: {},
    misfire: 'once',
  });
}
