import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../clock/manual-clock';
import type { GatewayDatabase } from '../db/database';
import { createLogger } from '../logging/logger';
import { createTestDatabase } from '../testing/test-database';
import { JobsRepository } from './repository';
import { JobRunner, type JobRunnerOptions } from './runner';
import type { JobKind, JobOccurrence } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.parse('2030-03-01T08:00:00Z');

const options: JobRunnerOptions = {
  instanceId: 'test',
  pollMs: 1_000,
  leaseMs: MINUTE,
  concurrency: 4,
  misfireGraceMs: MINUTE,
};

const Payload = z.object({ label: z.string() });
type Payload = z.infer<typeof Payload>;

/** A kind that records every occurrence it is handed. */
function recorder(kind: string, extra: Partial<JobKind<Payload>> = {}) {
  const seen: JobOccurrence<Payload>[] = [];
  const def: JobKind<Payload> = {
    kind,
    payload: Payload,
    handle: async (occ) => {
      seen.push(occ);
      return undefined;
    },
    ...extra,
  };
  return { def, seen };
}

const hourly = (_p: Payload, after: Date) => new Date((Math.floor(after.getTime() / HOUR) + 1) * HOUR);

describe('job runner', () => {
  let database: GatewayDatabase;
  let clock: ManualClock;
  const runners: JobRunner[] = [];
  const log = createLogger('silent');

  const runner = (instanceId = 'test') => {
    const r = new JobRunner(database.db, clock, log, { ...options, instanceId });
    runners.push(r);
    return r;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await database.db.deleteFrom('jobs').execute();
    clock = new ManualClock(T0);
  });
  clock = new ManualClock(T0);

  it('runs a one-shot job once when it comes due, then forgets it', async () => {
    const r = runner();
    const { def, seen } = recorder('once');
    r.register(def);
    await r.schedule({ kind: 'once', key: 'k1', runAt: new Date(T0 + MINUTE), payload: { label: 'a' } });

    expect(await r.runDue()).toBe(0);
    clock.advance(MINUTE);
    expect(await r.runDue()).toBe(1);
    expect(await r.runDue()).toBe(0);
    expect(seen).toEqual([
      {
        key: 'k1',
        payload: { label: 'a' },
        scheduledAt: new Date(T0 + MINUTE),
        idempotencyKey: `k1@${new Date(T0 + MINUTE).toISOString()}`,
        attempt: 1,
      },
    ]);
    expect(await new JobsRepository(database.db).find('k1')).toBeUndefined();
  });

  it('moves a job when the same key is scheduled again', async () => {
    const r = runner();
    const { def, seen } = recorder('move');
    r.register(def);
    await r.schedule({ kind: 'move', key: 'm', runAt: new Date(T0 + MINUTE), payload: { label: 'first' } });
    await r.schedule({
      kind: 'move',
      key: 'm',
      runAt: new Date(T0 + 2 * MINUTE),
      payload: { label: 'second' },
    });
    clock.advance(MINUTE);
    expect(await r.runDue()).toBe(0);
    clock.advance(MINUTE);
    await r.runDue();
    expect(seen.map((o) => o.payload.label)).toEqual(['second']);
  });

  it('reschedules a recurring job after each occurrence', async () => {
    const r = runner();
    const { def, seen } = recorder('hourly', { next: hourly });
    r.register(def);
    await r.schedule({ kind: 'hourly', key: 'h', runAt: new Date(T0 + HOUR), payload: { label: 'x' } });
    for (let i = 0; i < 3; i++) {
      clock.advance(HOUR);
      await r.runDue();
    }
    expect(seen.map((o) => o.scheduledAt.getTime())).toEqual([T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR]);
    const row = await new JobsRepository(database.db).find('h');
    expect(row?.occurrence_at.getTime()).toBe(T0 + 4 * HOUR);
  });

  describe('work missed while no gateway ran follows the misfire policy', () => {
    const downFor = 5 * HOUR + 10 * MINUTE;

    it.each([
      ['skip', []],
      ['once', [T0 + 5 * HOUR]],
      ['all', [T0 + 3 * HOUR, T0 + 4 * HOUR, T0 + 5 * HOUR]],
    ] as const)('%s', async (misfire, expected) => {
      const r = runner();
      const { def, seen } = recorder(`missed-${misfire}`, { next: hourly });
      r.register(def);
      await r.schedule({
        kind: `missed-${misfire}`,
        key: `missed-${misfire}`,
        runAt: new Date(T0 + HOUR),
        payload: { label: 'x' },
        misfire,
        misfireLimit: 3,
      });
      clock.advance(downFor);
      await r.runDue();
      expect(seen.map((o) => o.scheduledAt.getTime())).toEqual(expected);
      const row = await new JobsRepository(database.db).find(`missed-${misfire}`);
      expect(row?.occurrence_at.getTime()).toBe(T0 + 6 * HOUR);
    });

    it('a one-shot job: skip drops it, once runs it', async () => {
      const r = runner();
      const skipped = recorder('late-skip');
      const kept = recorder('late-once');
      r.register(skipped.def);
      r.register(kept.def);
      const runAt = new Date(T0 + MINUTE);
      await r.schedule({ kind: 'late-skip', key: 'ls', runAt, payload: { label: 's' }, misfire: 'skip' });
      await r.schedule({ kind: 'late-once', key: 'lo', runAt, payload: { label: 'o' }, misfire: 'once' });
      clock.advance(HOUR);
      expect(await r.runDue()).toBe(2);
      expect(skipped.seen).toEqual([]);
      expect(kept.seen.map((o) => o.scheduledAt)).toEqual([runAt]);
    });
  });

  it('retries a failing occurrence with backoff, under the same idempotency key, then fails for good', async () => {
    const r = runner();
    const keys: string[] = [];
    r.register<Payload>({
      kind: 'flaky',
      payload: Payload,
      handle: async (occ) => {
        keys.push(`${occ.idempotencyKey}#${occ.attempt}`);
        throw new Error('upstream down');
      },
    });
    await r.schedule({
      kind: 'flaky',
      key: 'f',
      runAt: new Date(T0),
      payload: { label: 'x' },
      maxAttempts: 3,
    });
    const repo = new JobsRepository(database.db);

    await r.runDue();
    let row = await repo.find('f');
    expect(row).toMatchObject({ status: 'scheduled', attempts: 1, last_error: 'upstream down' });
    expect(row?.run_at.getTime()).toBe(T0 + 5_000);

    clock.advance(5_000);
    await r.runDue();
    row = await repo.find('f');
    expect(row).toMatchObject({ status: 'scheduled', attempts: 2 });
    expect(row?.run_at.getTime()).toBe(T0 + 5_000 + 10_000);

    clock.advance(10_000);
    await r.runDue();
    row = await repo.find('f');
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'upstream down' });
    const key = `f@${new Date(T0).toISOString()}`;
    expect(keys).toEqual([`${key}#1`, `${key}#2`, `${key}#3`]);

    clock.advance(HOUR);
    expect(await r.runDue()).toBe(0);
  });

  it('a recurring job that keeps failing gives the occurrence up and goes on with the next', async () => {
    const r = runner();
    r.register<Payload>({
      kind: 'flaky-hourly',
      payload: Payload,
      next: hourly,
      handle: async () => {
        throw new Error('nope');
      },
    });
    await r.schedule({
      kind: 'flaky-hourly',
      key: 'fh',
      runAt: new Date(T0),
      payload: { label: 'x' },
      maxAttempts: 1,
    });
    await r.runDue();
    const row = await new JobsRepository(database.db).find('fh');
    expect(row).toMatchObject({ status: 'scheduled', attempts: 0, last_error: 'nope' });
    expect(row?.occurrence_at.getTime()).toBe(T0 + HOUR);
  });

  it('takes over a job whose holder died, after its lease, with the same idempotency key', async () => {
    const repo = new JobsRepository(database.db);
    const r = runner('survivor');
    const { def, seen } = recorder('orphan');
    r.register(def);
    await repo.schedule(
      { kind: 'orphan', key: 'o', runAt: new Date(T0), payload: { label: 'x' } },
      clock.now(),
    );

    // Another instance claims it and dies without finishing.
    const claimed = await repo.claim('dead:1', clock.now(), new Date(T0 + MINUTE), 10);
    expect(claimed.map((j) => j.key)).toEqual(['o']);
    expect(await r.runDue()).toBe(0);

    clock.advance(MINUTE);
    expect(await r.runDue()).toBe(1);
    expect(seen).toEqual([
      expect.objectContaining({ idempotencyKey: `o@${new Date(T0).toISOString()}`, attempt: 2 }),
    ]);
    expect(await repo.find('o')).toBeUndefined();
  });

  it('a late completion by the instance that lost the lease changes nothing', async () => {
    const repo = new JobsRepository(database.db);
    await repo.schedule({ kind: 'x', key: 'lost', runAt: new Date(T0), payload: {} }, clock.now());
    await repo.claim('slow:1', clock.now(), new Date(T0 + MINUTE), 10);
    clock.advance(MINUTE);
    await repo.claim('fast:1', clock.now(), new Date(T0 + 2 * MINUTE), 10);
    await repo.finish('lost', 'slow:1');
    expect(await repo.find('lost')).toMatchObject({ status: 'running', lease_owner: 'fast:1' });
  });

  it('two runners on one database run each job exactly once', async () => {
    const counts = new Map<string, number>();
    const def: JobKind<Payload> = {
      kind: 'shared',
      payload: Payload,
      handle: async (occ) => {
        counts.set(occ.key, (counts.get(occ.key) ?? 0) + 1);
        return undefined;
      },
    };
    const a = runner('a');
    const b = runner('b');
    a.register(def);
    b.register(def);
    for (let i = 0; i < 200; i++) {
      await a.schedule({ kind: 'shared', key: `s${i}`, runAt: new Date(T0), payload: { label: String(i) } });
    }
    await Promise.all([a.runDue(), b.runDue()]);
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('the poll loop runs due work without being asked', async () => {
    const r = new JobRunner(database.db, clock, log, { ...options, pollMs: 20 });
    runners.push(r);
    const { def, seen } = recorder('polled');
    r.register(def);
    r.start();
    await r.schedule({ kind: 'polled', key: 'p', runAt: new Date(T0 + MINUTE), payload: { label: 'x' } });
    clock.advance(MINUTE);
    await expect.poll(() => seen.length, { timeout: 2_000 }).toBe(1);
  });
});
