import type { Reminder } from '@cyrene/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { type GatewayDatabase, openPostgres } from '../db/database';
import { JobsRepository } from '../jobs/repository';
import { createTestDatabase } from '../testing/test-database';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { onInstance, registerTestUser, type TestUser } from '../testing/users';

const T0 = Date.parse('2030-06-01T07:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const env = { ACCESS_TOKEN_TTL_SECONDS: String(30 * 24 * 3600) };

/** How many notifications each reminder produced. */
async function firings(database: GatewayDatabase): Promise<Record<string, number>> {
  const rows = await database.db
    .selectFrom('notifications')
    .select([sql<string>`data->>'reminder_id'`.as('reminder_id'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('type', '=', 'reminder')
    .groupBy(sql`data->>'reminder_id'`)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.reminder_id, Number(r.n)]));
}

describe('§12 reminders survive a gateway that dies', () => {
  it('fires what came due while it was down exactly once, including a job it died holding', async () => {
    const clock = new ManualClock(T0);
    const database = await createTestDatabase();
    const first = await startTestGateway({ clock, env, database: { ...database, close: async () => {} } });
    const ivy = await registerTestUser(first, 'ivy');
    const make = async (title: string, repeat_type = 'none') =>
      (
        await ivy.api<{ reminder: Reminder }>('POST', '/reminders', {
          title,
          remind_at: new Date(T0 + HOUR).toISOString(),
          repeat_type,
        })
      ).body.reminder;
    const held = await make('它死时正在执行');
    const missed = await make('停机期间到期');
    const daily = await make('每天', 'daily');

    // At the due time the first instance claims the held one's job and dies before finishing it.
    await first.services.jobs.stop();
    clock.advance(HOUR);
    const jobs = new JobsRepository(database.db);
    const claimed = await jobs.claim(
      'dead-instance:1',
      clock.now(),
      new Date(clock.now().getTime() + MINUTE),
      1,
    );
    expect(claimed).toHaveLength(1);
    await first.close();

    // Three days later a new instance starts on the same database.
    clock.advance(3 * DAY);
    const second = await startTestGateway({ clock, env, database });
    try {
      await second.services.jobs.runDue();
      const counts = await firings(database);
      expect(counts).toEqual({ [held.id]: 1, [missed.id]: 1, [daily.id]: 1 });

      // The daily one goes on from the next occurrence after now, not from the missed ones.
      const list = await onInstance(second, ivy).api<{ reminders: Reminder[] }>('GET', '/reminders');
      const dailyNow = list.body.reminders.find((r) => r.id === daily.id);
      expect(dailyNow).toMatchObject({
        remind_at: new Date(T0 + 4 * DAY + HOUR).toISOString(),
        notified: false,
      });
      expect(
        list.body.reminders
          .filter((r) => r.notified)
          .map((r) => r.id)
          .sort(),
      ).toEqual([held.id, missed.id].sort());

      await second.services.jobs.runDue();
      expect(await firings(database)).toEqual(counts);
    } finally {
      await second.close();
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)('§12 two instances on one PostgreSQL', () => {
  let a: TestGateway;
  let b: TestGateway;
  const clock = new ManualClock(T0);

  beforeAll(async () => {
    a = await startTestGateway({ clock, env, database: await createTestDatabase() });
    const url = a.database.url;
    if (!url) throw new Error('the PostgreSQL test database has no url');
    b = await startTestGateway({ clock, env, database: openPostgres(url, 4) });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('never fire a reminder twice', async () => {
    const joe: TestUser = await registerTestUser(a, 'joe');
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      const via = i % 2 === 0 ? joe : onInstance(b, joe);
      const res = await via.api<{ reminder: Reminder }>('POST', '/reminders', {
        title: `r${i}`,
        remind_at: new Date(T0 + MINUTE).toISOString(),
      });
      ids.push(res.body.reminder.id);
    }
    clock.advance(MINUTE);
    const [ranOnA, ranOnB] = await Promise.all([a.services.jobs.runDue(), b.services.jobs.runDue()]);
    await Promise.all([a.services.jobs.runDue(), b.services.jobs.runDue()]);
    const counts = await firings(a.database);
    expect(Object.keys(counts).sort()).toEqual([...ids].sort());
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    // 120 reminder jobs and, at most once too, the recurring stream-prune job that fell due with them.
    expect(ranOnA + ranOnB).toBeLessThanOrEqual(121);
  });
});
