import type { AppContext } from '../context';
import { JobRunner } from './runner';

/** The instance's job runner; domains register their kinds on it. Started by server.ts and test gateways. */
export function createJobRunner(ctx: AppContext): JobRunner {
  return new JobRunner(ctx.db, ctx.clock, ctx.log, {
    instanceId: ctx.instanceId,
    pollMs: ctx.config.jobPollMs,
    leaseMs: ctx.config.jobLeaseMs,
    concurrency: ctx.config.jobConcurrency,
    misfireGraceMs: ctx.config.jobMisfireGraceMs,
    telemetry: ctx.telemetry,
  });
}
