import type { AutomationRule, Reminder, RuleRun, StoredNotification } from '@cyrene/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { FakeAiCore } from '../testing/fake-ai-core';
import { ISO } from '../testing/formats';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin, type TestUser } from '../testing/users';
import { FakeService } from './testing/fake-service';
import { settle } from './testing/settle';

const T0 = Date.parse('2030-05-01T10:00:00Z'); // a Wednesday
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const env = { AUTOMATION_HTTP_RETRY_BASE_MS: '5', ACCESS_TOKEN_TTL_SECONDS: String(7 * 24 * 3600) };

type RuleBody = { rule: AutomationRule };
const notify = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'notify',
  title,
  body: `${title}!`,
  ...extra,
});

async function runsOf(who: TestUser, ruleId: string): Promise<RuleRun[]> {
  const res = await who.api<{ runs: RuleRun[] }>('GET', `/automation/rules/${ruleId}/runs?limit=100`);
  return res.body.runs;
}

async function outbox(who: TestUser): Promise<StoredNotification[]> {
  return (
    await who.api<{ notifications: StoredNotification[] }>('GET', '/notifications?after_id=start&limit=200')
  ).body.notifications;
}

describe('§10 automation runs', () => {
  let gw: TestGateway;
  const clock = new ManualClock(T0);
  let fake: FakeService;

  beforeAll(async () => {
    gw = await startTestGateway({ clock, env });
    fake = await FakeService.start();
  });
  afterAll(async () => {
    await fake.close();
    await gw.close();
  });

  const rule = async (who: TestUser, body: Record<string, unknown>) => {
    const res = await who.api<RuleBody>('POST', '/automation/rules', {
      name: '规则',
      trigger_type: 'manual',
      ...body,
    });
    if (res.status !== 201) throw new Error(res.text);
    return res.body.rule;
  };

  describe('triggers', () => {
    it('manual: the actions run for real and the run leaves a trace', async () => {
      const ann = await registerTestUser(gw, 'ann');
      const r = await rule(ann, { actions: { steps: [notify('喝水')] } });
      const res = await ann.api('POST', `/automation/rules/${r.id}/trigger`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, message: '规则已触发' });
      await settle(gw);

      const runs = await runsOf(ann, r.id);
      expect(runs).toEqual([
        {
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          rule_id: r.id,
          trigger: 'manual',
          depth: 0,
          status: 'succeeded',
          started_at: new Date(T0).toISOString(),
          finished_at: new Date(T0).toISOString(),
          conditions: [],
          actions: [
            {
              index: 0,
              type: 'notify',
              status: 'ok',
              started_at: expect.stringMatching(ISO),
              duration_ms: expect.any(Number),
              attempts: 1,
            },
          ],
        },
      ]);
      expect(await outbox(ann)).toEqual([
        expect.objectContaining({
          type: 'info',
          title: '喝水',
          body: '喝水!',
          data: { rule_id: r.id, run_id: runs[0]?.id },
        }),
      ]);
      const count = await ann.api('GET', `/automation/rules/${r.id}/runs`);
      expect(count.body).toMatchObject({ count: 1 });
    });

    it('schedule: at each cron match, with its conditions traced', async () => {
      const ben = await registerTestUser(gw, 'ben');
      const r = await rule(ben, {
        trigger_type: 'schedule',
        trigger_config: { cron: '0 * * * *', timezone: 'Asia/Shanghai' },
        conditions: { weekdays: [3] },
        actions: { steps: [notify('整点')] },
      });
      await settle(gw);
      expect(await runsOf(ben, r.id)).toEqual([]);
      clock.advance(HOUR);
      await settle(gw);
      clock.advance(HOUR);
      await settle(gw);
      const runs = await runsOf(ben, r.id);
      expect(runs.map((x) => [x.trigger, x.status, x.started_at])).toEqual([
        ['schedule', 'succeeded', new Date(T0 + 2 * HOUR).toISOString()],
        ['schedule', 'succeeded', new Date(T0 + HOUR).toISOString()],
      ]);
      expect(runs[0]?.conditions).toEqual([
        { name: 'weekdays', passed: true, detail: 'now Wednesday (3) Asia/Shanghai' },
      ]);
      // Disabled: no more runs.
      await ben.api('PUT', `/automation/rules/${r.id}`, { enabled: false });
      clock.advance(HOUR);
      await settle(gw);
      expect(await runsOf(ben, r.id)).toHaveLength(2);
    });

    it('time: once, at its time', async () => {
      const cat = await registerTestUser(gw, 'cat');
      const at = new Date(clock.now().getTime() + 10 * MINUTE).toISOString();
      const r = await rule(cat, {
        trigger_type: 'time',
        trigger_config: { at },
        actions: { steps: [notify('到点')] },
      });
      clock.advance(10 * MINUTE);
      await settle(gw);
      clock.advance(HOUR);
      await settle(gw);
      expect((await runsOf(cat, r.id)).map((x) => x.trigger)).toEqual(['time']);
    });

    it('webhook: the rule’s key, no login; the body is the event its conditions see', async () => {
      const dan = await registerTestUser(gw, 'dan');
      const r = await rule(dan, {
        trigger_type: 'webhook',
        conditions: { event_fields: { source: 'github' } },
        actions: { steps: [notify('有推送')] },
      });
      const key = (r.trigger_config as { key: string }).key;
      const hook = (headers: Record<string, string>, body: unknown, id = r.id) =>
        call(gw.url, 'POST', `/api/v1/automation/rules/${id}/webhook`, { headers, body });

      const badKeys: Array<Record<string, string>> = [{}, { 'x-webhook-key': 'wrong-key-wrong-key' }];
      for (const headers of badKeys) {
        const res = await hook(headers, {});
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ error: 'Webhook 密钥无效', errorType: 'unauthorized' });
      }
      const ok = await hook({ 'x-webhook-key': key }, { source: 'github', n: 1, nested: { x: 1 } });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ success: true, message: '规则已触发' });
      await hook({ 'x-webhook-key': key }, { source: 'gitlab' });
      await settle(gw);
      const [refused, succeeded] = await runsOf(dan, r.id);
      expect(succeeded).toMatchObject({
        trigger: 'webhook',
        status: 'succeeded',
        event: { type: 'webhook', fields: { source: 'github', n: '1' } },
        conditions: [{ name: 'event_fields.source', passed: true }],
      });
      expect(refused).toMatchObject({
        status: 'refused',
        reason: 'conditions not met',
        conditions: [{ name: 'event_fields.source', passed: false, detail: 'event has "gitlab"' }],
        actions: [],
      });

      const manual = await rule(dan, { actions: { steps: [notify('x')] } });
      expect((await hook({ 'x-webhook-key': key }, {}, manual.id)).status).toBe(404);
      await dan.api('PUT', `/automation/rules/${r.id}`, { enabled: false });
      const disabled = await hook({ 'x-webhook-key': key }, {});
      expect(disabled.status).toBe(404);
      expect(disabled.body).toEqual({ error: '规则不存在', errorType: 'not_found' });
    });

    it('event: a notification matching the keyword', async () => {
      const eve = await registerTestUser(gw, 'eve');
      const r = await rule(eve, {
        trigger_type: 'event',
        trigger_config: { event: 'notification', keyword: '快递' },
        conditions: { event_fields: { type: 'info' } },
        actions: { steps: [notify('去取快递', { level: 'success' })] },
      });
      await eve.api('POST', '/notifications/push', {
        user_id: eve.userId,
        type: 'info',
        title: '您的快递到了',
        body: '在门口',
      });
      await eve.api('POST', '/notifications/push', {
        user_id: eve.userId,
        type: 'info',
        title: '天气',
        body: '晴',
      });
      await settle(gw);
      const [echo, run] = await runsOf(eve, r.id);
      expect(run).toMatchObject({
        trigger: 'event',
        status: 'succeeded',
        depth: 0,
        event: { type: 'notification', fields: { type: 'info', title: '您的快递到了', body: '在门口' } },
      });
      // Its own notification mentions 快递 too: that event is one level deeper, and fails its condition.
      expect(echo).toMatchObject({
        depth: 1,
        status: 'refused',
        parent_run_id: run?.id,
        event: { type: 'notification', fields: { type: 'success', title: '去取快递' } },
        conditions: [{ name: 'event_fields.type', passed: false }],
      });
      expect((await outbox(eve)).map((n) => n.title).sort()).toEqual(
        ['您的快递到了', '天气', '去取快递'].sort(),
      );
    });

    it('event: a reminder firing, and a chat message with the keyword', async () => {
      const fay = await registerTestUser(gw, 'fay');
      const onReminder = await rule(fay, {
        trigger_type: 'event',
        trigger_config: { event: 'reminder_fired' },
        actions: { steps: [notify('提醒响了')] },
      });
      const onChat = await rule(fay, {
        trigger_type: 'event',
        trigger_config: { event: 'chat_message', keyword: '开灯' },
        actions: { steps: [notify('灯开了')] },
      });
      await fay.api('POST', '/reminders', {
        title: '起床',
        remind_at: new Date(clock.now().getTime() + MINUTE).toISOString(),
      });
      clock.advance(MINUTE);
      gw.services.automation.events.chatMessage(fay.userId, 'session_home', '请帮我开灯');
      gw.services.automation.events.chatMessage(fay.userId, 'session_home', '晚安');
      await settle(gw);
      expect(await runsOf(fay, onReminder.id)).toEqual([
        expect.objectContaining({
          event: { type: 'reminder_fired', fields: expect.objectContaining({ title: '起床' }) },
        }),
      ]);
      expect(await runsOf(fay, onChat.id)).toEqual([
        expect.objectContaining({
          event: {
            type: 'chat_message',
            fields: { session_id: 'session_home', role: 'user', text: '请帮我开灯' },
          },
        }),
      ]);
    });

    it('conditions that fail refuse the run, and say why', async () => {
      const gil = await registerTestUser(gw, 'gil');
      const r = await rule(gil, {
        trigger_type: 'event',
        trigger_config: { event: 'chat_message' },
        conditions: { time_after: '22:00', time_before: '06:00' },
        actions: { steps: [notify('夜里')] },
      });
      gw.services.automation.events.chatMessage(gil.userId, 's', 'hi');
      await settle(gw);
      expect(await runsOf(gil, r.id)).toEqual([
        expect.objectContaining({
          status: 'refused',
          reason: 'conditions not met',
          conditions: [
            { name: 'time_after', passed: false, detail: expect.stringContaining('window 22:00-06:00') },
            { name: 'time_before', passed: false, detail: expect.stringContaining('window 22:00-06:00') },
          ],
        }),
      ]);
    });
  });

  describe('actions', () => {
    it('http: retried with backoff on 5xx, with an idempotency key; a 4xx fails; failures traced', async () => {
      const admin = await signInTestAdmin(gw);
      fake.statuses = [503, 502];
      const ok = await rule(admin, {
        actions: {
          steps: [{ type: 'http', url: `${fake.url}/ok`, method: 'POST', body: { a: 1 }, retries: 2 }],
        },
      });
      const calls = fake.calls.length;
      await admin.api('POST', `/automation/rules/${ok.id}/trigger`);
      await settle(gw);
      const [run] = await runsOf(admin, ok.id);
      expect(run?.actions).toEqual([expect.objectContaining({ status: 'ok', attempts: 3 })]);
      const seen = fake.calls.slice(calls);
      expect(seen).toHaveLength(3);
      expect(seen[0]).toMatchObject({ method: 'POST', url: '/ok', body: { a: 1 } });
      expect(seen[0]?.headers).toMatchObject({
        'content-type': 'application/json',
        'idempotency-key': `${run?.id}#0`,
      });

      fake.statuses = [404, 500, 500];
      const bad = await rule(admin, {
        actions: {
          steps: [
            { type: 'http', url: `${fake.url}/missing`, method: 'GET', retries: 3, continue_on_error: true },
            { type: 'http', url: `${fake.url}/down`, method: 'GET', retries: 1 },
            notify('不会发'),
          ],
        },
      });
      await admin.api('POST', `/automation/rules/${bad.id}/trigger`);
      await settle(gw);
      const [failed] = await runsOf(admin, bad.id);
      expect(failed).toMatchObject({ status: 'failed', reason: 'step 1 (http) failed: HTTP 500' });
      expect(failed?.actions).toEqual([
        expect.objectContaining({ index: 0, status: 'failed', error: 'HTTP 404', attempts: 1 }),
        expect.objectContaining({ index: 1, status: 'failed', error: 'HTTP 500', attempts: 2 }),
        { index: 2, type: 'notify', status: 'skipped', started_at: null, duration_ms: 0, attempts: 0 },
      ]);
    });

    it('http: a user’s rule may not reach loopback or private addresses', async () => {
      const hal = await registerTestUser(gw, 'hal');
      const r = await rule(hal, {
        actions: { steps: [{ type: 'http', url: `${fake.url}/x`, method: 'GET', retries: 2 }] },
      });
      const calls = fake.calls.length;
      await hal.api('POST', `/automation/rules/${r.id}/trigger`);
      await settle(gw);
      const [run] = await runsOf(hal, r.id);
      expect(run?.actions).toEqual([
        expect.objectContaining({ status: 'failed', error: '不允许访问内网地址: 127.0.0.1', attempts: 1 }),
      ]);
      expect(fake.calls.length).toBe(calls);
    });

    it('reminder: creates one for the owner; chat without an engine fails the step', async () => {
      const ida = await registerTestUser(gw, 'ida');
      const r = await rule(ida, {
        actions: {
          steps: [
            { type: 'reminder', title: '半小时后', in_minutes: 30, continue_on_error: true },
            { type: 'chat', session_id: 'session_ida_1', message: '你好' },
          ],
        },
      });
      await ida.api('POST', `/automation/rules/${r.id}/trigger`);
      await settle(gw);
      const reminders = await ida.api<{ reminders: Reminder[] }>('GET', '/reminders');
      expect(reminders.body.reminders).toEqual([
        expect.objectContaining({
          title: '半小时后',
          remind_at: new Date(clock.now().getTime() + 30 * MINUTE).toISOString(),
        }),
      ]);
      const [run] = await runsOf(ida, r.id);
      expect(run?.actions[1]).toMatchObject({
        type: 'chat',
        status: 'failed',
        error: expect.stringContaining('AI 服务暂不可用'),
      });
    });

    it('a run taken over after its instance died resumes after the steps it had done', async () => {
      const jon = await registerTestUser(gw, 'jon');
      const r = await rule(jon, { actions: { steps: [notify('第一步'), notify('第二步')] } });
      // The state a dead instance left: the first step done and traced, the run's job still there.
      const runId = 'c'.repeat(32);
      await gw.database.db
        .insertInto('automation_runs')
        .values({
          id: runId,
          rule_id: r.id,
          user_id: jon.userId,
          trigger: 'manual',
          event: null,
          depth: 0,
          status: 'running',
          conditions: '[]',
          actions: JSON.stringify([
            {
              index: 0,
              type: 'notify',
              status: 'ok',
              started_at: clock.now().toISOString(),
              duration_ms: 3,
              attempts: 1,
            },
          ]),
          started_at: clock.now(),
        })
        .execute();
      await gw.services.jobs.schedule({
        kind: 'automation.run',
        key: `run:${runId}`,
        runAt: clock.now(),
        payload: { run_id: runId },
      });
      await settle(gw);
      expect((await outbox(jon)).map((n) => n.title)).toEqual(['第二步']);
      const [run] = await runsOf(jon, r.id);
      expect(run).toMatchObject({ status: 'succeeded', actions: [{ index: 0 }, { index: 1, status: 'ok' }] });
    });
  });

  describe('the loop breaker', () => {
    it('a scene that runs itself stops past depth 8', async () => {
      const kim = await registerTestUser(gw, 'kim');
      const r = await rule(kim, { actions: { steps: [notify('一圈')] } });
      const scene = (
        await kim.api<{ scene: { id: string } }>('POST', '/automation/scenes', {
          name: '循环',
          rule_ids: [r.id],
        })
      ).body.scene;
      // parallel: in mode single a rule cannot start itself while it runs, which would end the loop at once.
      await kim.api('PUT', `/automation/rules/${r.id}`, {
        actions: {
          mode: 'parallel',
          max: 20,
          steps: [notify('一圈'), { type: 'scene', scene_id: scene.id }],
        },
      });
      const res = await kim.api('POST', `/automation/scenes/${scene.id}/execute`);
      expect(res.body).toEqual({ success: true, message: '场景已执行' });
      await settle(gw);
      const runs = (await runsOf(kim, r.id)).reverse();
      expect(runs.map((x) => [x.depth, x.status, x.trigger])).toEqual([
        ...Array.from({ length: 9 }, (_, depth) => [depth, 'succeeded', 'scene']),
        [9, 'refused', 'scene'],
      ]);
      expect(runs[9]?.reason).toBe('depth 9 exceeds the limit 8 (a loop?)');
      expect(runs[3]?.parent_run_id).toBe(runs[2]?.id);
      expect((await outbox(kim)).filter((n) => n.title === '一圈')).toHaveLength(9);
    });

    it('an event loop through notifications stops at the depth limit too', async () => {
      const lee = await registerTestUser(gw, 'lee');
      const r = await rule(lee, {
        trigger_type: 'event',
        trigger_config: { event: 'notification', keyword: '回声' },
        actions: { mode: 'parallel', max: 20, steps: [notify('回声')] },
      });
      await lee.api('POST', '/notifications/push', {
        user_id: lee.userId,
        type: 'info',
        title: '回声',
        body: '开始',
      });
      await settle(gw);
      const runs = await runsOf(lee, r.id);
      expect(runs).toHaveLength(10);
      expect(runs[0]).toMatchObject({ depth: 9, status: 'refused' });
    });
  });
});

describe('§10 a rule firing too often is paused and its owner told', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ clock: new ManualClock(T0), env: { ...env, AUTOMATION_RATE_LIMIT: '3' } });
  });
  afterAll(() => gw.close());

  it('pauses the rule', async () => {
    const max = await registerTestUser(gw, 'max');
    const r = (
      await max.api<RuleBody>('POST', '/automation/rules', {
        name: '吵闹',
        trigger_type: 'event',
        trigger_config: { event: 'chat_message' },
        actions: { mode: 'parallel', steps: [notify('又来了')] },
      })
    ).body.rule;
    for (let i = 0; i < 5; i++) gw.services.automation.events.chatMessage(max.userId, 's', `第${i}条`);
    await settle(gw);
    const runs = await runsOf(max, r.id);
    expect(runs.filter((x) => x.status === 'succeeded')).toHaveLength(3);
    expect(runs.filter((x) => x.status === 'refused').map((x) => x.reason)).toEqual([
      'too many runs: 3 within 60 s',
      'rule paused: 3 runs within 60 s (a loop?)',
    ]);
    expect((await max.api<RuleBody>('GET', `/automation/rules/${r.id}`)).body.rule.enabled).toBe(false);
    expect(await outbox(max)).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        title: '自动化规则已暂停',
        data: { rule_id: r.id, run_id: expect.any(String) },
      }),
    );
  });
});

describe('§10 run modes', () => {
  let gw: TestGateway;
  let fake: FakeService;
  let admin: TestUser;

  beforeAll(async () => {
    gw = await startTestGateway({ env });
    fake = await FakeService.start();
    admin = await signInTestAdmin(gw);
  });
  afterAll(async () => {
    await fake.close();
    await gw.close();
  });

  /** Triggers `times` runs while the first one's http call is held, then lets them all finish. */
  async function overlap(mode: string, times: number, max?: number): Promise<RuleRun[]> {
    const r = (
      await admin.api<RuleBody>('POST', '/automation/rules', {
        name: mode,
        trigger_type: 'manual',
        actions: {
          mode,
          ...(max ? { max } : {}),
          steps: [{ type: 'http', url: `${fake.url}/${mode}`, method: 'GET' }],
        },
      })
    ).body.rule;
    fake.hold = true;
    const before = fake.calls.length;
    await admin.api('POST', `/automation/rules/${r.id}/trigger`);
    await expect.poll(() => fake.calls.length, { timeout: 5_000 }).toBe(before + 1);
    for (let i = 1; i < times; i++) await admin.api('POST', `/automation/rules/${r.id}/trigger`);
    fake.release();
    await settle(gw);
    return (await runsOf(admin, r.id)).reverse();
  }

  it('single refuses a run while one is in progress', async () => {
    const runs = await overlap('single', 2);
    expect(runs.map((r) => [r.status, r.reason])).toEqual([
      ['succeeded', undefined],
      ['refused', 'a run is already in progress (mode single)'],
    ]);
  });

  it('queued runs the next one after the current one', async () => {
    const runs = await overlap('queued', 3);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const [first, second] = runs;
    expect(Date.parse(second?.actions[0]?.started_at ?? '')).toBeGreaterThanOrEqual(
      Date.parse(first?.finished_at ?? ''),
    );
  });

  it('restart stops the current run and starts over', async () => {
    const runs = await overlap('restart', 2);
    expect(runs.map((r) => [r.status, r.reason])).toEqual([
      ['cancelled', 'restarted by a newer run (mode restart)'],
      ['succeeded', undefined],
    ]);
  });

  it('parallel runs alongside, up to max', async () => {
    const runs = await overlap('parallel', 3, 2);
    expect(runs.map((r) => [r.status, r.reason])).toEqual([
      ['succeeded', undefined],
      ['succeeded', undefined],
      ['refused', '2 runs waiting or running (max 2)'],
    ]);
  });
});

describe('§10 the chat action', () => {
  let gw: TestGateway;
  let core: FakeAiCore;
  beforeAll(async () => {
    core = await FakeAiCore.start();
    gw = await startTestGateway({ env: { ...env, AI_CORE_URL: core.url } });
  });
  afterAll(async () => {
    await gw.close();
    await core.close();
  });

  it('sends the message into the owner’s session through the chat engine; the reply is stored', async () => {
    const ned = await registerTestUser(gw, 'ned');
    core.script = { deltas: ['早上', '好'] };
    const r = (
      await ned.api<RuleBody>('POST', '/automation/rules', {
        name: '问候',
        trigger_type: 'manual',
        actions: { steps: [{ type: 'chat', session_id: 'session_ned_home', message: '早上好' }] },
      })
    ).body.rule;
    await ned.api('POST', `/automation/rules/${r.id}/trigger`);
    await settle(gw);
    const messages = await ned.api<{ messages: Array<{ role: string; content: string }> }>(
      'GET',
      '/sessions/session_ned_home/messages',
    );
    expect(messages.body.messages.map((m) => [m.role, m.content]).sort()).toEqual(
      [
        ['assistant', '早上好'],
        ['user', '早上好'],
      ].sort(),
    );
    expect((await runsOf(ned, r.id))[0]).toMatchObject({ status: 'succeeded' });
  });
});
