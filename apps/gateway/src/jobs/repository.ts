import { type Kysely, sql } from 'kysely';
import type { Executor } from '../db/executor';
import type { Database, JobRow } from '../db/schema';
import type { JobSpec } from './types';

export interface ClaimedJob extends JobRow {
  /** The job was running under an expired lease: its holder died, this is a takeover. */
  taken_over: boolean;
}

/** The jobs table. Every change to a running job is conditioned on the claimant's lease. */
export class JobsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the job, or moves an existing one with the same key to the new time and payload. */
  async schedule(spec: JobSpec<unknown>, now: Date, db: Executor = this.db): Promise<void> {
    const values = {
      kind: spec.kind,
      payload: JSON.stringify(spec.payload ?? {}),
      occurrence_at: spec.runAt,
      run_at: spec.runAt,
      status: 'scheduled' as const,
      attempts: 0,
      max_attempts: spec.maxAttempts ?? 5,
      misfire: spec.misfire ?? 'once',
      misfire_limit: spec.misfireLimit ?? 1,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      updated_at: now,
    };
    await db
      .insertInto('jobs')
      .values({ key: spec.key, ...values, created_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
  }

  /** Creates the jobs whose keys do not exist yet; existing ones are left as they are. */
  async insertMissing(specs: JobSpec<unknown>[], now: Date, db: Executor = this.db): Promise<void> {
    for (let i = 0; i < specs.length; i += 500) {
      const rows = specs.slice(i, i + 500).map((spec) => ({
        key: spec.key,
        kind: spec.kind,
        payload: JSON.stringify(spec.payload ?? {}),
        occurrence_at: spec.runAt,
        run_at: spec.runAt,
        status: 'scheduled' as const,
        max_attempts: spec.maxAttempts ?? 5,
        misfire: spec.misfire ?? 'once',
        misfire_limit: spec.misfireLimit ?? 1,
        created_at: now,
        updated_at: now,
      }));
      if (rows.length > 0) {
        await db
          .insertInto('jobs')
          .values(rows)
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
      }
    }
  }

  async cancel(key: string, db: Executor = this.db): Promise<void> {
    await db.deleteFrom('jobs').where('key', '=', key).execute();
  }

  find(key: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirst();
  }

  /**
   * Takes up to `limit` due jobs (and jobs whose holder's lease ran out) for `owner`. SKIP LOCKED:
   * concurrent claimants on other instances get other rows, so each job is held by one at a time.
   */
  async claim(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedJob[]> {
    const result = await sql<ClaimedJob>`
      with due as (
        select key, status = 'running' as taken_over
        from jobs
        where (status = 'scheduled' and run_at <= ${now})
           or (status = 'running' and lease_until <= ${now})
        order by run_at
        limit ${limit}
        for update skip locked
      )
      update jobs
      set status = 'running',
          lease_owner = ${owner},
          lease_until = ${leaseUntil},
          updated_at = ${now},
          attempts = jobs.attempts + case when due.taken_over then 1 else 0 end
      from due
      where jobs.key = due.key
      returning jobs.*, due.taken_over`.execute(this.db);
    return result.rows;
  }

  /** Jobs due now that no instance is running (what claim would pick up), and the oldest's due time. */
  async due(now: Date): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.db
      .selectFrom('jobs')
      .select((eb) => [eb.fn.countAll<number>().as('due'), eb.fn.min('run_at').as('oldest')])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'scheduled'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('lease_until', '<=', now)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    return { count: Number(row.due), oldest: row.oldest ? new Date(row.oldest) : null };
  }

  /** Keeps the leases of running jobs alive while their handlers work. */
  async extendLeases(owners: string[], until: Date): Promise<void> {
    if (owners.length === 0) return;
    await this.db
      .updateTable('jobs')
      .set({ lease_until: until })
      .where('lease_owner', 'in', owners)
      .where('status', '=', 'running')
      .execute();
  }

  /** The job is finished: its row goes. No-op when the lease was lost or the job was moved meanwhile. */
  async finish(key: string, owner: string): Promise<void> {
    await this.db.deleteFrom('jobs').where('key', '=', key).where('lease_owner', '=', owner).execute();
  }

  /** Next occurrence of a recurring (or rescheduled) job. */
  async reschedule(key: string, owner: string, at: Date, now: Date, lastError: string | null = null) {
    await this.db
      .updateTable('jobs')
      .set({
        status: 'scheduled',
        occurrence_at: at,
        run_at: at,
        attempts: 0,
        lease_owner: null,
        lease_until: null,
        last_error: lastError,
        updated_at: now,
      })
      .where('key', '=', key)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** The same occurrence again later (same idempotency key). */
  async retry(
    key: string,
    owner: string,
    at: Date,
    attempts: number,
    error: string,
    now: Date,
    occurrenceAt?: Date,
  ) {
    await this.db
      .updateTable('jobs')
      .set({
        status: 'scheduled',
        ...(occurrenceAt ? { occurrence_at: occurrenceAt } : {}),
        run_at: at,
        attempts,
        lease_owner: null,
        lease_until: null,
        last_error: error,
        updated_at: now,
      })
      .where('key', '=', key)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** Given up: kept with its error for an operator to see. */
  async fail(key: string, owner: string, attempts: number, error: string, now: Date) {
    await this.db
      .updateTable('jobs')
      .set({
        status: 'failed',
        attempts,
        lease_owner: null,
        lease_until: null,
        last_error: error,
        updated_at: now,
      })
      .where('key', '=', key)
      .where('lease_owner', '=', owner)
      .execute();
  }
}
