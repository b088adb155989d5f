import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pLimit from 'p-limit';
import type { Clock } from '../clock/clock';
import type { Executor } from '../db/executor';
import type { Database } from '../db/schema';
import { warnUnlessUnavailable } from '../db/unavailable';
import type { Logger } from '../logging/logger';
import { type JobRunOutcome, noTelemetry, type Telemetry } from '../observability/telemetry';
import { type ClaimedJob, JobsRepository } from './repository';
import { occurrencesToRun, retryDelayMs } from './schedule-plan';
import type { JobKind, JobOutcome, JobSpec } from './types';

export interface JobRunnerOptions {
  /** This gateway instance (lease owners are `<instanceId>:<claim>`). */
  instanceId: string;
  /** How often the loop looks for due work. */
  pollMs: number;
  /** How long a claim holds a job; kept alive while its handler works, taken over once it lapses. */
  leaseMs: number;
  /** Handlers running at once on this instance. */
  concurrency: number;
  /** An occurrence at most this late is on time; later ones follow the job's misfire policy. */
  misfireGraceMs: number;
  /** Where job runs are reported (metrics, spans). */
  telemetry?: Telemetry;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 2000);

/**
 * The durable job runner: jobs live in the database, so nothing due is lost across restarts,
 * and any number of gateway instances share them (claims use FOR UPDATE SKIP LOCKED and a lease).
 * Handlers get an idempotency key per occurrence so their effects happen once even when an
 * instance dies mid-run and another takes the job over after its lease.
 *
 * Nothing runs until start() (the poll loop) or runDue() (tests, with a ManualClock).
 */
export class JobRunner {
  private readonly repo: JobsRepository;
  private readonly kinds = new Map<string, JobKind<unknown>>();
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly inflight = new Set<Promise<void>>();
  /** Lease owners of claims with jobs not yet finished, and how many each still holds. */
  private readonly held = new Map<string, number>();
  private draining: Promise<number> | undefined;
  private drainAgain = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Jobs that must always exist (created at start when missing). */
  private readonly standingJobs: JobSpec<unknown>[] = [];
  private starting: Promise<void> | undefined;

  constructor(
    db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: JobRunnerOptions,
  ) {
    this.repo = new JobsRepository(db);
    this.limit = pLimit(options.concurrency);
  }

  register<P>(kind: JobKind<P>): void {
    if (this.kinds.has(kind.kind)) throw new Error(`job kind ${kind.kind} registered twice`);
    this.kinds.set(kind.kind, kind as JobKind<unknown>);
  }

  /**
   * Creates or moves the job `spec.key`. Inside a transaction pass it as `db`, and call wake()
   * after the commit when the job is due at once.
   */
  async schedule<P>(spec: JobSpec<P>, db?: Executor): Promise<void> {
    await this.repo.schedule(spec, this.clock.now(), db);
    if (!db && spec.runAt <= this.clock.now()) this.wake();
  }

  /** Creates the jobs that do not exist yet; existing ones keep their time and state. */
  async ensure(specs: JobSpec<unknown>[], db?: Executor): Promise<void> {
    await this.repo.insertMissing(specs, this.clock.now(), db);
  }

  /** A job that must always exist, e.g. a recurring sweep: created at start() when missing. */
  standing(spec: JobSpec<unknown>): void {
    this.standingJobs.push(spec);
  }

  /** Removes the job (a running occurrence finishes, but its completion is then ignored). */
  cancel(key: string, db?: Executor): Promise<void> {
    return this.repo.cancel(key, db);
  }

  /** How many jobs are due and unclaimed now (the cyrene_jobs_due gauge). */
  async countDue(): Promise<number> {
    return (await this.repo.due(this.clock.now())).count;
  }

  /** Due, unclaimed jobs and how long the oldest has waited (the admin's system view). */
  async backlog(): Promise<{ due: number; lagSeconds: number }> {
    const now = this.clock.now();
    const { count, oldest } = await this.repo.due(now);
    return { due: count, lagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
  }

  /** Looks for due work now, without waiting for the next poll. */
  wake(): void {
    if (this.stopped) return;
    this.drain().catch((e: unknown) =>
      warnUnlessUnavailable(this.log, e, 'job runner: claiming due jobs failed'),
    );
  }

  /** Runs everything due now (and what that schedules for now), and waits for it; returns how many jobs ran. */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      total += await this.drain();
      if (this.inflight.size > 0) {
        await Promise.allSettled([...this.inflight]);
        continue;
      }
      const more = await this.drain();
      total += more;
      if (more === 0 && this.inflight.size === 0) return total;
    }
  }

  /** Starts the poll loop (server.ts and test gateways; a bare createApp runs nothing). */
  start(): void {
    if (this.pollTimer || this.stopped) return;
    this.pollTimer = setInterval(() => this.wake(), this.options.pollMs);
    this.pollTimer.unref();
    this.starting = this.ensure(this.standingJobs)
      .catch((e: unknown) => this.log.error({ err: e }, 'job runner: standing jobs could not be created'))
      .finally(() => this.wake());
  }

  /** Stops claiming and waits for the handlers running now. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    await this.starting;
    await this.draining?.catch(() => 0);
    await Promise.allSettled([...this.inflight]);
    clearInterval(this.leaseTimer);
    this.leaseTimer = undefined;
  }

  /** One claim loop at a time per instance; a wake during it makes it look once more. */
  private drain(): Promise<number> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    const run = async () => {
      let total = 0;
      do {
        this.drainAgain = false;
        total += await this.claimAll();
      } while (this.drainAgain && !this.stopped);
      return total;
    };
    const draining = run().finally(() => {
      this.draining = undefined;
    });
    this.draining = draining;
    return draining;
  }

  /** Claims due jobs while there are some, never holding more than twice what can run at once. */
  private async claimAll(): Promise<number> {
    let claimed = 0;
    while (!this.stopped) {
      const room = this.options.concurrency * 2 - this.inflight.size;
      if (room <= 0) {
        await Promise.race(this.inflight);
        continue;
      }
      const owner = `${this.options.instanceId}:${randomUUID().slice(0, 8)}`;
      const now = this.clock.now();
      const jobs = await this.repo.claim(owner, now, new Date(now.getTime() + this.options.leaseMs), room);
      if (jobs.length === 0) return claimed;
      claimed += jobs.length;
      this.held.set(owner, jobs.length);
      const telemetry = this.options.telemetry ?? noTelemetry;
      for (const job of jobs)
        this.track(
          owner,
          this.limit(() => {
            const lagSeconds = (this.clock.now().getTime() - job.run_at.getTime()) / 1000;
            return telemetry.jobRun(job.kind, lagSeconds, () => this.execute(job, owner));
          }),
        );
    }
    return claimed;
  }

  private track(owner: string, work: Promise<void>): void {
    const done: Promise<void> = work
      .catch((e: unknown) => this.log.error({ err: e, owner }, 'job runner: a job could not be completed'))
      .finally(() => {
        this.inflight.delete(done);
        const left = (this.held.get(owner) ?? 1) - 1;
        if (left > 0) this.held.set(owner, left);
        else this.held.delete(owner);
        if (this.inflight.size === 0) {
          clearInterval(this.leaseTimer);
          this.leaseTimer = undefined;
        }
      });
    this.inflight.add(done);
    if (!this.leaseTimer) {
      this.leaseTimer = setInterval(() => this.renewLeases(), Math.max(10, this.options.leaseMs / 3));
      this.leaseTimer.unref();
    }
  }

  private renewLeases(): void {
    const until = new Date(this.clock.now().getTime() + this.options.leaseMs);
    this.repo
      .extendLeases([...this.held.keys()], until)
      .catch((e: unknown) => warnUnlessUnavailable(this.log, e, 'job runner: renewing leases failed'));
  }

  private async execute(job: ClaimedJob, owner: string): Promise<JobRunOutcome> {
    const kind = this.kinds.get(job.kind);
    const now = this.clock.now();
    if (!kind) {
      // Another version of the gateway may know it (a rolling upgrade): leave it for later.
      const later = new Date(now.getTime() + 60_000);
      await this.repo.retry(job.key, owner, later, job.attempts, `unknown job kind ${job.kind}`, now);
      return 'skipped';
    }
    const parsed = kind.payload.safeParse(job.payload);
    if (!parsed.success) {
      this.log.error({ key: job.key, issues: parsed.error.issues }, 'job runner: job payload is invalid');
      await this.repo.fail(job.key, owner, job.attempts + 1, `invalid payload: ${parsed.error.message}`, now);
      return 'failed';
    }
    const payload = parsed.data;
    const firstTry = !job.taken_over && job.attempts === 0;
    const occurrences = firstTry
      ? occurrencesToRun({
          occurrenceAt: job.occurrence_at,
          now,
          graceMs: this.options.misfireGraceMs,
          policy: job.misfire,
          limit: job.misfire_limit,
          next: kind.next ? (after) => kind.next?.(payload, after) ?? null : undefined,
        })
      : [job.occurrence_at];
    if (occurrences.length === 0) this.log.info({ key: job.key }, 'job runner: missed occurrences skipped');

    let outcome: JobOutcome;
    let last = job.occurrence_at;
    for (const at of occurrences) {
      try {
        outcome = await kind.handle({
          key: job.key,
          payload,
          scheduledAt: at,
          idempotencyKey: `${job.key}@${at.toISOString()}`,
          attempt: job.attempts + 1,
        });
        last = at;
      } catch (e) {
        return this.failed(job, owner, kind, payload, at, e);
      }
    }

    const finishedAt = this.clock.now();
    const after = new Date(Math.max(finishedAt.getTime(), last.getTime()));
    const next = outcome ? outcome.next : kind.next ? kind.next(payload, after) : null;
    if (next) await this.repo.reschedule(job.key, owner, next, finishedAt);
    else await this.repo.finish(job.key, owner);
    return 'ok';
  }

  /** Retry with backoff; past max_attempts a one-shot job fails for good, a recurring one moves on. */
  private async failed(
    job: ClaimedJob,
    owner: string,
    kind: JobKind<unknown>,
    payload: unknown,
    occurrenceAt: Date,
    e: unknown,
  ): Promise<JobRunOutcome> {
    const now = this.clock.now();
    const attempts = job.attempts + 1;
    const error = errorText(e);
    if (attempts < job.max_attempts) {
      this.log.warn({ key: job.key, attempts, err: e }, 'job runner: job failed, will retry');
      const at = new Date(now.getTime() + retryDelayMs(attempts));
      await this.repo.retry(job.key, owner, at, attempts, error, now, occurrenceAt);
      return 'retry';
    }
    this.log.error({ key: job.key, attempts, err: e }, 'job runner: job failed for good');
    const next = kind.next?.(payload, now) ?? null;
    if (next) await this.repo.reschedule(job.key, owner, next, now, error);
    else await this.repo.fail(job.key, owner, attempts, error, now);
    return 'failed';
  }
}
