import type { Reminder, StoredNotification } from '@cyrene/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSocket } from '../chat/testing/test-socket';
import { ManualClock } from '../clock/manual-clock';
import { ISO, UUID } from '../testing/formats';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin, type TestUser } from '../testing/users';

const TIME_ERROR = '时间格式无效,请使用 ISO 8601 格式 (例如 2024-01-01T15:00:00Z)';
const T0 = Date.parse('2030-01-10T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type ReminderBody = { success: true; reminder: Reminder };
/** Tokens outlive the months these tests move the clock through. */
const env = { ACCESS_TOKEN_TTL_SECONDS: String(400 * 24 * 3600) };

/** The user's reminder notifications (daily briefings also come in as the clock moves on). */
async function outbox(who: TestUser): Promise<StoredNotification[]> {
  const res = await who.api<{ notifications: StoredNotification[] }>(
    'GET',
    '/notifications?after_id=start&limit=200',
  );
  return res.body.notifications.filter((n) => n.type === 'reminder');
}

describe('§12 reminders', () => {
  let gw: TestGateway;
  const clock = new ManualClock(T0);
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    gw = await startTestGateway({ clock, env });
    alice = await registerTestUser(gw, 'alice');
    bob = await registerTestUser(gw, 'bob');
  });
  afterAll(() => gw.close());

  const create = (who: TestUser, body: Record<string, unknown>) =>
    who.api<ReminderBody>('POST', '/reminders', body);
  const at = (ms: number) => new Date(ms).toISOString();

  describe('POST /reminders', () => {
    it('creates a reminder (201) with the spec’s fields and defaults', async () => {
      const res = await create(alice, { title: '开会', remind_at: '2030-01-10T15:00:00Z' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        success: true,
        reminder: {
          id: expect.stringMatching(UUID),
          user_id: 'user_alice',
          title: '开会',
          description: '',
          remind_at: '2030-01-10T15:00:00.000Z',
          status: 'pending',
          repeat_type: 'none',
          session_id: '',
          notified: false,
          created_at: at(T0),
          completed_at: null,
          timezone: 'UTC',
        },
      });
    });

    it('reads a time without offset in the reminder’s time zone', async () => {
      const res = await create(alice, {
        title: '早饭',
        remind_at: '2030-01-11T08:00:00',
        timezone: 'Asia/Shanghai',
        repeat_type: 'daily',
        description: '吃早饭',
        session_id: 'session_breakfast1',
      });
      expect(res.body.reminder).toMatchObject({
        remind_at: '2030-01-11T00:00:00.000Z',
        timezone: 'Asia/Shanghai',
        repeat_type: 'daily',
        description: '吃早饭',
        session_id: 'session_breakfast1',
      });
    });

    it.each([
      [{ remind_at: 'tomorrow' }, TIME_ERROR],
      [{ remind_at: '2030-02-30T10:00:00Z' }, TIME_ERROR],
      [{ remind_at: 20300101 }, TIME_ERROR],
      [{ remind_at: undefined }, '提醒时间不能为空'],
      [{ title: undefined }, '标题不能为空'],
      [{ title: '   ' }, '标题不能为空'],
      [{ repeat_type: 'yearly' }, '重复类型无效,可选: none|daily|weekly|monthly'],
      [{ timezone: 'Mars/Olympus' }, '时区无效,请使用 IANA 时区名 (例如 Asia/Shanghai)'],
    ])('refuses %o with 400 %s', async (change, message) => {
      const res = await create(alice, { title: '坏的', remind_at: '2030-01-10T15:00:00Z', ...change });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: message, errorType: 'validation_failed' });
    });
  });

  describe('GET /reminders', () => {
    let carol: TestUser;
    beforeAll(async () => {
      carol = await registerTestUser(gw, 'carol');
      for (const [title, hour] of [
        ['三', 3],
        ['一', 1],
        ['二', 2],
      ] as const) {
        await create(carol, { title, remind_at: at(T0 + hour * HOUR) });
      }
    });

    it('lists soonest first with count, limit and offset', async () => {
      const res = await carol.api<{ reminders: Reminder[]; count: number }>(
        'GET',
        '/reminders?limit=2&offset=1',
      );
      expect(res.status).toBe(200);
      expect(res.body.reminders.map((r) => r.title)).toEqual(['二', '三']);
      expect(res.body.count).toBe(3);
    });

    it('filters by status', async () => {
      const { body } = await carol.api<{ reminders: Reminder[] }>('GET', '/reminders');
      const first = body.reminders[0] as Reminder;
      await carol.api('PUT', `/reminders/${first.id}`, { status: 'completed' });
      const done = await carol.api<{ reminders: Reminder[]; count: number }>(
        'GET',
        '/reminders?status=completed',
      );
      expect(done.body).toEqual({ reminders: [expect.objectContaining({ id: first.id })], count: 1 });
      const pending = await carol.api<{ count: number }>('GET', '/reminders?status=pending');
      expect(pending.body.count).toBe(2);
    });

    it('a user naming someone else gets 403; the administrator may', async () => {
      const res = await bob.api('GET', '/reminders?user_id=user_carol');
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: '无权查看其他用户的提醒', errorType: 'forbidden' });
      const admin = await signInTestAdmin(gw);
      const seen = await admin.api<{ count: number }>('GET', '/reminders?user_id=user_carol');
      expect(seen.body.count).toBe(3);
    });

    it('refuses a bad status or limit with 400', async () => {
      expect((await carol.api('GET', '/reminders?status=done')).status).toBe(400);
      expect((await carol.api('GET', '/reminders?limit=abc')).status).toBe(400);
    });
  });

  describe('PUT and DELETE /reminders/:id', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create(alice, { title: '原标题', remind_at: at(T0 + 5 * HOUR) })).body.reminder.id;
    });

    it('updates only what is given', async () => {
      const res = await alice.api<ReminderBody>('PUT', `/reminders/${id}`, { title: '新标题' });
      expect(res.status).toBe(200);
      expect(res.body.reminder).toMatchObject({
        id,
        title: '新标题',
        remind_at: at(T0 + 5 * HOUR),
        status: 'pending',
      });
      expect((await alice.api<ReminderBody>('PUT', `/reminders/${id}`, {})).body.reminder.title).toBe(
        '新标题',
      );
    });

    it('completed and cancelled write completed_at; pending clears it', async () => {
      clock.advance(MINUTE);
      const done = await alice.api<ReminderBody>('PUT', `/reminders/${id}`, { status: 'completed' });
      expect(done.body.reminder).toMatchObject({ status: 'completed', completed_at: at(T0 + MINUTE) });
      const cancelled = await alice.api<ReminderBody>('PUT', `/reminders/${id}`, { status: 'cancelled' });
      expect(cancelled.body.reminder).toMatchObject({ status: 'cancelled', completed_at: at(T0 + MINUTE) });
      const again = await alice.api<ReminderBody>('PUT', `/reminders/${id}`, { status: 'pending' });
      expect(again.body.reminder).toMatchObject({ status: 'pending', completed_at: null, notified: false });
    });

    it('a bad time is the spec’s 400 and changes nothing', async () => {
      const res = await alice.api('PUT', `/reminders/${id}`, {
        title: '不该保存',
        remind_at: '2030-13-01T00:00:00Z',
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: TIME_ERROR });
      const list = await alice.api<{ reminders: Reminder[] }>('GET', '/reminders?limit=200');
      expect(list.body.reminders.find((r) => r.id === id)?.title).toBe('新标题');
    });

    it('another user’s reminder or an unknown id is 404', async () => {
      for (const [method, body] of [
        ['PUT', { title: 'x' }],
        ['DELETE', undefined],
      ] as const) {
        for (const target of [id, 'no-such-id']) {
          const res = await bob.api(method, `/reminders/${target}`, body);
          expect(res.status).toBe(404);
          expect(res.body).toEqual({ error: '提醒不存在', errorType: 'not_found' });
        }
      }
    });

    it('deletes, then 404', async () => {
      const res = await alice.api('DELETE', `/reminders/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true });
      expect((await alice.api('DELETE', `/reminders/${id}`)).status).toBe(404);
    });
  });

  describe('firing', () => {
    it('at remind_at the owner gets a reminder notification and notified becomes true', async () => {
      const dave = await registerTestUser(gw, 'dave');
      const now = clock.now().getTime();
      const { reminder } = (
        await create(dave, { title: '吃药', description: '两片', remind_at: at(now + HOUR) })
      ).body;
      await gw.services.jobs.runDue();
      expect(await outbox(dave)).toEqual([]);

      clock.advance(HOUR);
      await gw.services.jobs.runDue();
      expect(await outbox(dave)).toEqual([
        {
          id: expect.stringMatching(UUID),
          user_id: 'user_dave',
          type: 'reminder',
          title: '吃药',
          body: '两片',
          data: {
            reminder_id: reminder.id,
            remind_at: reminder.remind_at,
            repeat_type: 'none',
            session_id: '',
          },
          timestamp: expect.stringMatching(ISO),
          read_at: null,
        },
      ]);
      const list = await dave.api<{ reminders: Reminder[] }>('GET', '/reminders');
      expect(list.body.reminders[0]).toMatchObject({ notified: true, status: 'pending' });

      clock.advance(DAY);
      await gw.services.jobs.runDue();
      expect(await outbox(dave)).toHaveLength(1);
    });

    it('changing remind_at reschedules it, and a cancelled one never fires', async () => {
      const erin = await registerTestUser(gw, 'erin');
      const now = clock.now().getTime();
      const moved = (await create(erin, { title: '挪了', remind_at: at(now + HOUR) })).body.reminder;
      const dropped = (await create(erin, { title: '取消了', remind_at: at(now + HOUR) })).body.reminder;
      await erin.api('PUT', `/reminders/${moved.id}`, { remind_at: at(now + 3 * HOUR) });
      await erin.api('PUT', `/reminders/${dropped.id}`, { status: 'cancelled' });
      clock.advance(2 * HOUR);
      await gw.services.jobs.runDue();
      expect(await outbox(erin)).toEqual([]);
      clock.advance(HOUR);
      await gw.services.jobs.runDue();
      expect((await outbox(erin)).map((n) => n.title)).toEqual(['挪了']);
    });

    it('a reminder with a session also lands in that session', async () => {
      const fay = await registerTestUser(gw, 'fay');
      const now = clock.now().getTime();
      await create(fay, { title: '复盘', remind_at: at(now + MINUTE), session_id: 'session_review01' });
      clock.advance(MINUTE);
      await gw.services.jobs.runDue();
      const messages = await fay.api<{ messages: Array<{ role: string; content: string }> }>(
        'GET',
        '/sessions/session_review01/messages',
      );
      expect(messages.body.messages).toEqual([
        expect.objectContaining({ role: 'action', content: '⏰ 提醒: 复盘' }),
      ]);
    });

    it('monthly from 31 January: end of February, then back to the 31st in March', async () => {
      const clock2 = new ManualClock(Date.parse('2031-01-31T08:59:00Z'));
      const gw2 = await startTestGateway({ clock: clock2, env });
      try {
        const gus = await registerTestUser(gw2, 'gus');
        const { reminder } = (
          await call<ReminderBody>(gw2.url, 'POST', '/api/v1/reminders', {
            token: gus.token,
            body: { title: '交房租', remind_at: '2031-01-31T09:00:00Z', repeat_type: 'monthly' },
          })
        ).body;
        const remindAt = async () =>
          (await call<{ reminders: Reminder[] }>(gw2.url, 'GET', '/api/v1/reminders', { token: gus.token }))
            .body.reminders[0]?.remind_at;
        const fireAt = async (iso: string) => {
          clock2.advance(Date.parse(iso) - clock2.now().getTime());
          await gw2.services.jobs.runDue();
        };
        await fireAt('2031-01-31T09:00:00Z');
        expect(await remindAt()).toBe('2031-02-28T09:00:00.000Z');
        await fireAt('2031-02-28T09:00:00Z');
        expect(await remindAt()).toBe('2031-03-31T09:00:00.000Z');
        await fireAt('2031-03-31T09:00:00Z');
        expect(await remindAt()).toBe('2031-04-30T09:00:00.000Z');
        const notes = await call<{ notifications: StoredNotification[] }>(
          gw2.url,
          'GET',
          '/api/v1/notifications',
          {
            token: gus.token,
          },
        );
        expect(notes.body.notifications.filter((n) => n.type === 'reminder')).toHaveLength(3);
        expect(reminder.repeat_type).toBe('monthly');
      } finally {
        await gw2.close();
      }
    });

    it('daily 08:00 in New York stays 08:00 local across the DST change', async () => {
      const clock3 = new ManualClock(Date.parse('2031-03-08T12:00:00Z'));
      const gw3 = await startTestGateway({ clock: clock3, env });
      try {
        const hal = await registerTestUser(gw3, 'hal');
        await call(gw3.url, 'POST', '/api/v1/reminders', {
          token: hal.token,
          body: {
            title: '晨跑',
            remind_at: '2031-03-08T08:00:00',
            timezone: 'America/New_York',
            repeat_type: 'daily',
          },
        });
        const remindAt = async () =>
          (await call<{ reminders: Reminder[] }>(gw3.url, 'GET', '/api/v1/reminders', { token: hal.token }))
            .body.reminders[0]?.remind_at;
        expect(await remindAt()).toBe('2031-03-08T13:00:00.000Z'); // 08:00 EST
        clock3.advance(HOUR);
        await gw3.services.jobs.runDue();
        expect(await remindAt()).toBe('2031-03-09T12:00:00.000Z'); // 08:00 EDT
      } finally {
        await gw3.close();
      }
    });
  });
});

describe('§12 a due reminder arrives over the WebSocket', () => {
  const clock = new ManualClock(Date.parse('2026-03-01T09:00:00Z'));
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ clock, env: { JOB_POLL_MS: '100' } });
  });
  afterAll(() => gw.close());

  it('without anyone asking, once its time has come', async () => {
    const admin = await signInTestAdmin(gw);
    const socket = await TestSocket.open(gw.url, { token: admin.token });
    try {
      const remindAt = new Date(clock.now().getTime() + 60_000).toISOString();
      const res = await admin.api('POST', '/reminders', { title: '一分钟后', remind_at: remindAt });
      expect(res.status).toBe(201);
      await gw.services.jobs.runDue(); // whatever is due now has run: the reminder is not yet
      expect(socket.frames.filter((f) => f.type === 'notification')).toEqual([]);
      clock.advance(60_000);
      // The runner's own poll (JOB_POLL_MS) finds it: nobody calls runDue here.
      const frame = await socket.next('notification', undefined, 5_000);
      expect(frame.notification).toMatchObject({ type: 'reminder', title: '一分钟后', body: '一分钟后' });
    } finally {
      await socket.close();
    }
  });
});
