import type { AutomationRule, Scene } from '@cyrene/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, type TestUser } from '../testing/users';

const HEX32 = /^[0-9a-f]{32}$/;
const T0 = Date.parse('2030-05-01T10:00:00Z');
type RuleBody = { success: true; rule: AutomationRule };
type SceneBody = { success: true; scene: Scene };

const notifyRule = (name = '提醒喝水') => ({
  name,
  trigger_type: 'manual',
  actions: { steps: [{ type: 'notify', title: '喝水', body: '该喝水了' }] },
});

describe('§10 automation rules and scenes', () => {
  let gw: TestGateway;
  const clock = new ManualClock(T0);
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    gw = await startTestGateway({ clock });
    alice = await registerTestUser(gw, 'alice');
    bob = await registerTestUser(gw, 'bob');
  });
  afterAll(() => gw.close());

  const createRule = (who: TestUser, body: Record<string, unknown>) =>
    who.api<RuleBody>('POST', '/automation/rules', body);

  describe('POST /automation/rules', () => {
    it('creates a rule (201): 32-hex id, defaults filled in', async () => {
      const res = await createRule(alice, notifyRule());
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        success: true,
        rule: {
          id: expect.stringMatching(HEX32),
          user_id: 'user_alice',
          name: '提醒喝水',
          description: '',
          trigger_type: 'manual',
          trigger_config: {},
          conditions: {},
          actions: {
            steps: [
              { type: 'notify', title: '喝水', body: '该喝水了', level: 'info', continue_on_error: false },
            ],
            mode: 'single',
          },
          enabled: true,
          created_at: new Date(T0).toISOString(),
        },
      });
    });

    it('each trigger type is stored in its typed shape', async () => {
      const schedule = await createRule(alice, {
        ...notifyRule('每小时'),
        trigger_type: 'schedule',
        trigger_config: { cron: '0 * * * *' },
        conditions: { weekdays: [1, 2, 3, 4, 5], time_after: '09:00', time_before: '18:00' },
      });
      expect(schedule.body.rule).toMatchObject({
        trigger_config: { cron: '0 * * * *', timezone: 'UTC' },
        conditions: { weekdays: [1, 2, 3, 4, 5], time_after: '09:00', time_before: '18:00' },
      });
      const webhook = await createRule(alice, { ...notifyRule('钩子'), trigger_type: 'webhook' });
      expect(webhook.body.rule.trigger_config).toEqual({ key: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
      const event = await createRule(alice, {
        ...notifyRule('听通知'),
        trigger_type: 'event',
        trigger_config: { event: 'notification', keyword: '快递' },
      });
      expect(event.body.rule.trigger_config).toEqual({ event: 'notification', keyword: '快递' });
      const time = await createRule(alice, {
        ...notifyRule('一次'),
        trigger_type: 'time',
        trigger_config: { at: '2030-05-02T08:00:00+08:00' },
      });
      expect(time.body.rule.trigger_config).toEqual({ at: '2030-05-02T08:00:00+08:00' });
      const actions = await createRule(alice, {
        name: '动作齐全',
        trigger_type: 'manual',
        actions: {
          mode: 'queued',
          max: 3,
          steps: [
            { type: 'http', url: 'https://example.com/hook', method: 'POST', body: { a: 1 } },
            { type: 'chat', session_id: 'session_x', message: '你好' },
            { type: 'reminder', title: '稍后', in_minutes: 10 },
            { type: 'scene', scene_id: 'f'.repeat(32), continue_on_error: true },
          ],
        },
      });
      expect(actions.status).toBe(201);
      expect(actions.body.rule.actions).toEqual({
        mode: 'queued',
        max: 3,
        steps: [
          {
            type: 'http',
            url: 'https://example.com/hook',
            method: 'POST',
            body: { a: 1 },
            timeout_ms: 10000,
            retries: 0,
            continue_on_error: false,
          },
          { type: 'chat', session_id: 'session_x', message: '你好', continue_on_error: false },
          { type: 'reminder', title: '稍后', in_minutes: 10, continue_on_error: false },
          { type: 'scene', scene_id: 'f'.repeat(32), continue_on_error: true },
        ],
      });
    });

    it.each([
      ['a missing name', { name: undefined }, '规则名称不能为空', 'name'],
      [
        'an unknown trigger type',
        { trigger_type: 'sunrise' },
        '触发类型无效,可选: manual|schedule|time|webhook|event',
        'trigger_type',
      ],
      ['missing actions', { actions: undefined }, '动作不能为空', 'actions'],
      ['no steps', { actions: { steps: [] } }, '至少需要一个动作', 'actions.steps'],
      [
        'an unknown action type',
        { actions: { steps: [{ type: 'launch' }] } },
        '动作类型无效,可选: notify|chat|http|scene|reminder',
        'actions.steps.0.type',
      ],
      [
        'an unknown action field',
        { actions: { steps: [{ type: 'notify', title: 't', body: 'b', colour: 'red' }] } },
        '未知字段: colour',
        'actions.steps.0',
      ],
      [
        'an unknown run mode',
        { actions: { steps: [{ type: 'notify', title: 't', body: 'b' }], mode: 'fast' } },
        'mode 无效,可选: single|restart|queued|parallel',
        'actions.mode',
      ],
      [
        'a bad http url',
        { actions: { steps: [{ type: 'http', url: 'ftp://x.example', method: 'GET' }] } },
        'URL 需以 http:// 或 https:// 开头',
        'actions.steps.0.url',
      ],
      [
        'a reminder step with both times',
        {
          actions: {
            steps: [{ type: 'reminder', title: 't', in_minutes: 5, remind_at: '2030-01-01T00:00:00Z' }],
          },
        },
        'in_minutes 与 remind_at 需且只需提供一个',
        'actions.steps.0.in_minutes',
      ],
      [
        'a schedule without cron',
        { trigger_type: 'schedule', trigger_config: {} },
        'cron 不能为空',
        'trigger_config.cron',
      ],
      [
        'an unknown trigger field',
        { trigger_config: { colour: 'red' } },
        '未知字段: colour',
        'trigger_config',
      ],
      [
        'an unknown event',
        { trigger_type: 'event', trigger_config: { event: 'earthquake' } },
        '事件类型无效,可选: notification|reminder_fired|chat_message',
        'trigger_config.event',
      ],
      [
        'a bad time zone',
        { trigger_type: 'schedule', trigger_config: { cron: '0 8 * * *', timezone: 'Moon/Base' } },
        '时区无效,请使用 IANA 时区名 (例如 Asia/Shanghai)',
        'trigger_config.timezone',
      ],
      ['a bad weekday', { conditions: { weekdays: [7] } }, '星期需为 0-6', 'conditions.weekdays.0'],
      ['an unknown condition', { conditions: { raining: true } }, '未知字段: raining', 'conditions'],
    ])('refuses %s with 400 naming the field', async (_what, change, message, field) => {
      const res = await createRule(alice, { ...notifyRule(), ...change });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: message,
        errorType: 'validation_failed',
        hint: expect.stringContaining(`${field}: ${message}`),
      });
    });

    it('a cron expression cron-parser cannot read is 400', async () => {
      const res = await createRule(alice, {
        ...notifyRule(),
        trigger_type: 'schedule',
        trigger_config: { cron: '61 * * * *' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: 'cron 表达式无效',
        hint: expect.stringContaining('trigger_config.cron'),
      });
    });

    it('a webhook key another rule holds is 409', async () => {
      const key = 'k'.repeat(20);
      const first = await createRule(alice, {
        ...notifyRule(),
        trigger_type: 'webhook',
        trigger_config: { key },
      });
      expect(first.status).toBe(201);
      const second = await createRule(bob, {
        ...notifyRule(),
        trigger_type: 'webhook',
        trigger_config: { key },
      });
      expect(second.status).toBe(409);
      expect(second.body).toEqual({ error: '该 webhook key 已被其他规则使用', errorType: 'conflict' });
    });
  });

  describe('GET, PUT, DELETE /automation/rules/:id', () => {
    let carol: TestUser;
    let first: AutomationRule;
    let second: AutomationRule;

    beforeAll(async () => {
      carol = await registerTestUser(gw, 'carol');
      first = (await createRule(carol, notifyRule('第一'))).body.rule;
      clock.advance(1000);
      second = (await createRule(carol, notifyRule('第二'))).body.rule;
    });

    it('lists the caller’s rules, newest first, with count', async () => {
      const res = await carol.api('GET', '/automation/rules');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ rules: [second, first], count: 2 });
      // bob's only attempt failed (409): nothing of it was stored.
      expect((await bob.api('GET', '/automation/rules')).body).toEqual({ rules: [], count: 0 });
    });

    it('gets one; another user’s or an unknown id is 404 规则不存在', async () => {
      expect((await carol.api('GET', `/automation/rules/${first.id}`)).body).toEqual({ rule: first });
      for (const [who, id] of [
        [bob, first.id],
        [carol, 'a'.repeat(32)],
        [carol, 'not-hex'],
      ] as const) {
        const res = await who.api('GET', `/automation/rules/${id}`);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: '规则不存在', errorType: 'not_found' });
      }
    });

    it('updates only what is given', async () => {
      const res = await carol.api<RuleBody>('PUT', `/automation/rules/${first.id}`, {
        enabled: false,
        description: '停用',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, rule: { ...first, enabled: false, description: '停用' } });
      first = res.body.rule;
    });

    it('a trigger change is checked: with its type, or against the stored type', async () => {
      const bad = await carol.api('PUT', `/automation/rules/${first.id}`, {
        trigger_config: { cron: '* * * * *' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: '未知字段: cron' });
      const good = await carol.api<RuleBody>('PUT', `/automation/rules/${first.id}`, {
        trigger_type: 'schedule',
        trigger_config: { cron: '*/5 * * * *', timezone: 'Asia/Shanghai' },
      });
      expect(good.body.rule).toMatchObject({
        trigger_type: 'schedule',
        trigger_config: { cron: '*/5 * * * *', timezone: 'Asia/Shanghai' },
      });
      const stored = await carol.api('GET', `/automation/rules/${first.id}`);
      expect(stored.body).toEqual({ rule: good.body.rule });
    });

    it('another user cannot update or delete it', async () => {
      expect((await bob.api('PUT', `/automation/rules/${second.id}`, { name: 'x' })).status).toBe(404);
      expect((await bob.api('DELETE', `/automation/rules/${second.id}`)).status).toBe(404);
      expect((await bob.api('POST', `/automation/rules/${second.id}/trigger`)).status).toBe(404);
      expect((await bob.api('GET', `/automation/rules/${second.id}/runs`)).status).toBe(404);
    });

    it('deletes it and takes it out of scenes', async () => {
      const scene = (
        await carol.api<SceneBody>('POST', '/automation/scenes', {
          name: '场景',
          rule_ids: [second.id, first.id],
        })
      ).body.scene;
      const res = await carol.api('DELETE', `/automation/rules/${second.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true });
      expect((await carol.api('GET', `/automation/rules/${second.id}`)).status).toBe(404);
      expect((await carol.api('DELETE', `/automation/rules/${second.id}`)).status).toBe(404);
      const after = await carol.api<{ scene: Scene }>('GET', `/automation/scenes/${scene.id}`);
      expect(after.body.scene.rule_ids).toEqual([first.id]);
    });
  });

  describe('/automation/scenes', () => {
    let dave: TestUser;
    let rule: AutomationRule;
    beforeAll(async () => {
      dave = await registerTestUser(gw, 'dave');
      rule = (await createRule(dave, notifyRule('场景里的规则'))).body.rule;
    });

    it('creates (201), lists, gets, updates and deletes a scene', async () => {
      const created = await dave.api<SceneBody>('POST', '/automation/scenes', {
        name: '回家',
        icon: '🏠',
        rule_ids: [rule.id],
      });
      expect(created.status).toBe(201);
      const scene = created.body.scene;
      expect(created.body).toEqual({
        success: true,
        scene: {
          id: expect.stringMatching(HEX32),
          user_id: 'user_dave',
          name: '回家',
          icon: '🏠',
          rule_ids: [rule.id],
          created_at: clock.now().toISOString(),
          updated_at: clock.now().toISOString(),
        },
      });
      expect((await dave.api('GET', '/automation/scenes')).body).toEqual({ scenes: [scene], count: 1 });
      expect((await dave.api('GET', `/automation/scenes/${scene.id}`)).body).toEqual({ scene });

      clock.advance(1000);
      const updated = await dave.api<SceneBody>('PUT', `/automation/scenes/${scene.id}`, { name: '离家' });
      expect(updated.body).toEqual({
        success: true,
        scene: { ...scene, name: '离家', updated_at: clock.now().toISOString() },
      });
      const minimal = await dave.api<SceneBody>('POST', '/automation/scenes', { name: '空' });
      expect(minimal.body.scene).toMatchObject({ icon: '', rule_ids: [] });

      expect((await dave.api('DELETE', `/automation/scenes/${scene.id}`)).body).toEqual({ success: true });
      const gone = await dave.api('GET', `/automation/scenes/${scene.id}`);
      expect(gone.status).toBe(404);
      expect(gone.body).toEqual({ error: '场景不存在', errorType: 'not_found' });
    });

    it('rule_ids must be the caller’s own rules: 400 规则不存在', async () => {
      const aliceRule = (await createRule(alice, notifyRule('别人的'))).body.rule;
      for (const ids of [[aliceRule.id], ['0'.repeat(32)]]) {
        const res = await dave.api('POST', '/automation/scenes', { name: 'x', rule_ids: ids });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: '规则不存在', errorType: 'validation_failed' });
      }
      expect((await dave.api('GET', '/automation/scenes')).body).toMatchObject({ count: 1 });
    });

    it('validates the body', async () => {
      const res = await dave.api('POST', '/automation/scenes', { icon: 'x' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: '场景名称不能为空' });
    });

    it('another user’s scene is 404 for every operation', async () => {
      const scene = (await dave.api<SceneBody>('POST', '/automation/scenes', { name: '私有' })).body.scene;
      for (const [method, path] of [
        ['GET', ''],
        ['PUT', ''],
        ['DELETE', ''],
        ['POST', '/execute'],
      ] as const) {
        const res = await bob.api(
          method,
          `/automation/scenes/${scene.id}${path}`,
          method === 'PUT' ? { name: 'x' } : undefined,
        );
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: '场景不存在', errorType: 'not_found' });
      }
    });
  });

  it('every route needs a token except the webhook', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/automation/rules');
    expect(res.status).toBe(401);
  });
});
