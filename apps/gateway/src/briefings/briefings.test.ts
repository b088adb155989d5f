import type { Briefing, StoredNotification } from '@cyrene/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { FakeAiCore } from '../testing/fake-ai-core';
import { type FakeUpstream, startFakeUpstream } from '../testing/fake-upstream';
import { ISO } from '../testing/formats';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin, type TestUser } from '../testing/users';

// 2030-03-04 06:00 UTC is 14:00 in Shanghai.
const T0 = Date.parse('2030-03-04T06:00:00Z');
const HOUR = 60 * 60_000;
const env = { ACCESS_TOKEN_TTL_SECONDS: String(30 * 24 * 3600) };
type Generated = { success: true; briefing: Briefing; message: string };

const json = (body: unknown) => (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function outbox(who: TestUser): Promise<StoredNotification[]> {
  return (await who.api<{ notifications: StoredNotification[] }>('GET', '/notifications?after_id=start')).body
    .notifications;
}

describe('§13 briefings without providers or engine', () => {
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

  it('none yet: 200 with briefing null', async () => {
    const res = await alice.api('GET', '/briefings');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ briefing: null, message: '当日简报尚未生成' });
  });

  it('generates from the day’s reminders with a readable fallback summary, and pushes it', async () => {
    await alice.api('PUT', '/briefings/settings', { timezone: 'Asia/Shanghai' });
    await alice.api('POST', '/reminders', { title: '开会', remind_at: '2030-03-04T16:30:00+08:00' });
    await alice.api('POST', '/reminders', { title: '明天的事', remind_at: '2030-03-05T09:00:00+08:00' });
    const res = await alice.api<Generated>('POST', '/briefings/generate', { user_id: alice.userId });
    expect(res.status).toBe(200);
    const now = new Date(T0).toISOString();
    expect(res.body).toEqual({
      success: true,
      message: '简报已生成并推送',
      briefing: {
        id: expect.stringMatching(/^brief_[a-z0-9]{16}$/),
        user_id: 'user_alice',
        date: '2030-03-04',
        summary: '2030-03-04 每日简报\n天气: 暂无天气信息\n今日提醒 1 条: 16:30 开会',
        summary_source: 'fallback',
        status: 'delivered',
        weather: null,
        news: [],
        reminders: [{ id: expect.any(String), title: '开会', remind_at: '2030-03-04T08:30:00.000Z' }],
        created_at: now,
        generated_at: now,
        delivered_at: now,
      },
    });
    const pushed = await outbox(alice);
    expect(pushed).toEqual([
      expect.objectContaining({
        type: 'info',
        title: '每日简报 2030-03-04',
        body: res.body.briefing.summary,
        data: { briefing_id: res.body.briefing.id, date: '2030-03-04' },
        timestamp: expect.stringMatching(ISO),
      }),
    ]);
    expect((await alice.api('GET', '/briefings')).body).toEqual({ briefing: res.body.briefing });
    expect((await alice.api('GET', '/briefings?date=2030-03-04')).body).toEqual({
      briefing: res.body.briefing,
    });
  });

  it('generating again replaces the day’s briefing (same id)', async () => {
    const first = (await alice.api<{ briefing: Briefing }>('GET', '/briefings')).body.briefing;
    clock.advance(HOUR);
    const again = await alice.api<Generated>('POST', '/briefings/generate', { user_id: alice.userId });
    expect(again.body.briefing).toMatchObject({ id: first.id, created_at: first.created_at });
    expect(again.body.briefing.generated_at).toBe(clock.now().toISOString());
    const latest = await alice.api('GET', '/briefings/latest');
    expect(latest.body).toEqual({ briefings: [again.body.briefing], total: 1 });
  });

  it('users: only the administrator acts for someone else; unknown users are 404', async () => {
    const forAlice = await bob.api('POST', '/briefings/generate', { user_id: alice.userId });
    expect(forAlice.status).toBe(403);
    expect(forAlice.body).toEqual({ error: '无权为其他用户生成简报', errorType: 'forbidden' });
    for (const path of [
      '/briefings?user_id=user_alice',
      '/briefings/latest?user_id=user_alice',
      '/briefings/settings?user_id=user_alice',
    ]) {
      const res = await bob.api('GET', path);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: '无权查看其他用户的简报', errorType: 'forbidden' });
    }
    expect((await bob.api('GET', '/briefings/latest')).body).toEqual({ briefings: [], total: 0 });

    const admin = await signInTestAdmin(gw);
    const made = await admin.api<Generated>('POST', '/briefings/generate', { user_id: bob.userId });
    expect(made.status).toBe(200);
    expect(made.body.briefing.user_id).toBe('user_bob');
    expect((await admin.api<{ total: number }>('GET', '/briefings/latest?user_id=user_bob')).body.total).toBe(
      1,
    );
    const nobody = await admin.api('POST', '/briefings/generate', { user_id: 'user_nobody' });
    expect(nobody.status).toBe(404);
    expect(nobody.body).toEqual({ error: '用户不存在', errorType: 'not_found' });
  });

  it.each([
    ['POST', '/briefings/generate', {}, '用户ID不能为空'],
    ['GET', '/briefings?date=2030-13-01', undefined, '日期格式无效,请使用 YYYY-MM-DD'],
    ['GET', '/briefings/latest?limit=31', undefined, '不能大于 30'],
    ['PUT', '/briefings/settings', { time: '25:00' }, '时间格式无效,请使用 HH:MM'],
    [
      'PUT',
      '/briefings/settings',
      { timezone: 'Nowhere/Land' },
      '时区无效,请使用 IANA 时区名 (例如 Asia/Shanghai)',
    ],
  ])('%s %s refuses bad input with 400', async (method, path, body, message) => {
    const res = await alice.api(method, path, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: message, errorType: 'validation_failed' });
  });

  it('settings: defaults until changed, partial update', async () => {
    const carol = await registerTestUser(gw, 'carol');
    expect((await carol.api('GET', '/briefings/settings')).body).toEqual({
      user_id: 'user_carol',
      enabled: true,
      time: '08:00',
      timezone: 'UTC',
    });
    const res = await carol.api('PUT', '/briefings/settings', { time: '07:15' });
    expect(res.body).toEqual({ user_id: 'user_carol', enabled: true, time: '07:15', timezone: 'UTC' });
    expect((await carol.api('GET', '/briefings/settings')).body).toEqual(res.body);
  });
});

describe('§13 the daily briefing runs on the job runner', () => {
  let gw: TestGateway;
  const clock = new ManualClock(Date.parse('2030-03-04T22:00:00Z'));

  beforeAll(async () => {
    gw = await startTestGateway({ clock, env });
  });
  afterAll(() => gw.close());

  it('at each user’s time, once a day; users on defaults get theirs from the sweep', async () => {
    const dan = await registerTestUser(gw, 'dan');
    const eve = await registerTestUser(gw, 'eve');
    await dan.api('PUT', '/briefings/settings', { time: '07:30', timezone: 'Asia/Shanghai' }); // 23:30 UTC
    await gw.services.jobs.runDue(); // the sweep: eve (defaults, 08:00 UTC) gets her job
    const dates = async (who: TestUser) =>
      (await who.api<{ briefings: Briefing[] }>('GET', '/briefings/latest')).body.briefings.map(
        (b) => b.date,
      );

    clock.advance(HOUR + 30 * 60_000); // 23:30 UTC = 07:30 on the 5th in Shanghai
    await gw.services.jobs.runDue();
    expect(await dates(dan)).toEqual(['2030-03-05']);
    expect(await dates(eve)).toEqual([]);

    clock.advance(8.5 * HOUR); // 08:00 UTC on the 5th
    await gw.services.jobs.runDue();
    expect(await dates(eve)).toEqual(['2030-03-05']);
    expect(await dates(dan)).toEqual(['2030-03-05']);

    clock.advance(24 * HOUR);
    await gw.services.jobs.runDue();
    expect(await dates(dan)).toEqual(['2030-03-06', '2030-03-05']);
    expect(await dates(eve)).toEqual(['2030-03-06', '2030-03-05']);
    expect((await outbox(dan)).filter((n) => n.title.startsWith('每日简报'))).toHaveLength(2);

    await dan.api('PUT', '/briefings/settings', { enabled: false });
    clock.advance(24 * HOUR);
    await gw.services.jobs.runDue();
    expect(await dates(dan)).toEqual(['2030-03-06', '2030-03-05']);
  });
});

describe('§13 briefings with providers and an engine', () => {
  let weather: FakeUpstream;
  let news: FakeUpstream;
  let core: FakeAiCore;

  beforeAll(async () => {
    weather = await startFakeUpstream(json({ location: '上海', temp: 18.5, condition: '多云' }));
    news = await startFakeUpstream(
      json({
        articles: [
          { title: '新闻一', url: 'https://n.example/1', source: { name: '某报' }, description: '摘要一' },
        ],
      }),
    );
    core = await FakeAiCore.start();
  });
  afterAll(async () => {
    await Promise.all([weather.close(), news.close(), core.close()]);
  });

  it('gathers weather and news from plain JSON URLs and asks the chat engine for the summary', async () => {
    core.script = { deltas: ['今天多云,', '下午有会。'] };
    const gw = await startTestGateway({
      env: {
        ...env,
        AI_CORE_URL: core.url,
        BRIEFING_WEATHER_URL: `${weather.url}/weather?city={location}&date={date}`,
        BRIEFING_NEWS_URL: `${news.url}/news`,
        BRIEFING_LOCATION: '上海',
      },
    });
    try {
      const fay = await registerTestUser(gw, 'fay');
      const res = await fay.api<Generated>('POST', '/briefings/generate', { user_id: fay.userId });
      expect(res.body.briefing).toMatchObject({
        summary: '今天多云,下午有会。',
        summary_source: 'ai',
        weather: { location: '上海', temp: 18.5, condition: '多云', icon: '☁️' },
        news: [{ title: '新闻一', url: 'https://n.example/1', source: '某报', summary: '摘要一' }],
      });
      expect(weather.requests.at(-1)?.url).toBe(
        `/weather?city=${encodeURIComponent('上海')}&date=${res.body.briefing.date}`,
      );
      const asked = core.requests.at(-1)?.body as { message: string };
      expect(asked.message).toContain('新闻一');
    } finally {
      await gw.close();
    }
  });

  it('the admin’s briefing routing and an OpenAI-compatible weather source; a failing source stays empty', async () => {
    const provider = await startFakeUpstream((req, res) => {
      const body = req.body as { model: string; messages: Array<{ content: string }> };
      const content =
        body.model === 'weather-model'
          ? '```json\n{"location":"北京","temp":3,"condition":"晴","icon":"☀️"}\n```'
          : `路由模型的摘要 (${body.messages.length} 条消息)`;
      json({ choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] })(
        req,
        res,
      );
    });
    const broken = await startFakeUpstream((_req, res) => {
      res.writeHead(500);
      res.end('down');
    });
    const gw = await startTestGateway({
      env: {
        ...env,
        BRIEFING_WEATHER_URL: provider.url,
        BRIEFING_WEATHER_MODEL: 'weather-model',
        BRIEFING_NEWS_URL: `${broken.url}/news`,
      },
    });
    try {
      const admin = await signInTestAdmin(gw);
      expect(
        (await admin.api('POST', '/admin/models/providers/local', { base_url: provider.url })).status,
      ).toBe(200);
      expect(
        (await admin.api('POST', '/admin/models/models/summary-model', { provider: 'local' })).status,
      ).toBe(200);
      expect(
        (await admin.api('POST', '/admin/models/routing/briefing', { fallback_chain: ['summary-model'] }))
          .status,
      ).toBe(200);
      const res = await admin.api<Generated>('POST', '/briefings/generate', { user_id: 'admin' });
      expect(res.body.briefing).toMatchObject({
        summary: '路由模型的摘要 (2 条消息)',
        summary_source: 'ai',
        weather: { location: '北京', temp: 3, condition: '晴', icon: '☀️' },
        news: [],
      });
    } finally {
      await gw.close();
      await provider.close();
      await broken.close();
    }
  });
});
