import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeAiCore } from '../testing/fake-ai-core';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../testing/users';

const KEY = 'a-long-webhook-key-for-tests';
/** The fake AI-Core answers "收到: <message>". */
const ECHO = { deltas: (message: string) => ['收到: ', message] };

interface Reply {
  reply: string;
  session_id: string;
  message_id: string;
  finish_reason: string;
}

describe('§14 POST /webhook/generic', () => {
  let ai: FakeAiCore;
  let gw: TestGateway;
  let adminToken: string;
  let aliceToken: string;

  /** `key` null: no X-Webhook-Key header at all. */
  const hook = <T = unknown>(body: unknown, key: string | null = KEY) =>
    call<T>(gw.url, 'POST', '/api/v1/webhook/generic', {
      body,
      headers: key === null ? {} : { 'x-webhook-key': key },
    });
  const messagesOf = async (sessionId: string) =>
    (
      await call<{ messages: { id: number; role: string; content: string }[] }>(
        gw.url,
        'GET',
        `/api/v1/sessions/${sessionId}/messages`,
        { token: adminToken },
      )
    ).body.messages;
  const aiSaw = () => ai.requests.at(-1)?.body as Record<string, unknown>;

  beforeAll(async () => {
    ai = await FakeAiCore.start();
    gw = await startTestGateway({ env: { WEBHOOK_KEY: KEY, AI_CORE_URL: ai.url } });
    adminToken = (await signInTestAdmin(gw)).token;
    aliceToken = (await registerTestUser(gw, 'alice')).token;
  });
  afterAll(async () => {
    await gw.close();
    await ai.close();
  });
  beforeEach(() => {
    ai.script = ECHO;
    ai.requests.length = 0;
  });

  it('refuses a missing or wrong X-Webhook-Key with 401, before looking at the body', async () => {
    const missing = await hook({}, null);
    expect({ status: missing.status, body: missing.body }).toEqual({
      status: 401,
      body: {
        error: '缺少 X-Webhook-Key',
        errorType: 'unauthorized',
        hint: '在 X-Webhook-Key 头中携带 WEBHOOK_KEY',
      },
    });
    for (const wrong of ['nope', `${KEY}x`, KEY.slice(0, -1)]) {
      const res = await hook({ message: '你好' }, wrong);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 401,
        body: { error: 'X-Webhook-Key 无效', errorType: 'unauthorized' },
      });
    }
    expect(ai.requests).toHaveLength(0);
  });

  it.each([[{}], [{ message: '   ' }], [{ message: 42 }]])(
    'answers 400 消息不能为空 for %o',
    async (body) => {
      const res = await hook(body);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 400,
        body: { error: '消息不能为空', errorType: 'validation_failed', hint: 'message: 消息不能为空' },
      });
    },
  );

  it('defaults the user (ext_webhook_generic) and the session (webhook_ + 12), and stores the exchange', async () => {
    const res = await hook<Reply>({ message: '你好' });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: {
        reply: '收到: 你好',
        session_id: expect.stringMatching(/^webhook_[a-z0-9]{12}$/),
        message_id: expect.stringMatching(/^\d+$/),
        finish_reason: 'stop',
      },
    });
    expect(aiSaw()).toEqual({
      session_id: res.body.session_id,
      user_id: 'ext_webhook_generic',
      message: '你好',
      mode: 'text',
    });
    const stored = await messagesOf(res.body.session_id);
    expect(stored.map(({ role, content }) => ({ role, content }))).toEqual([
      { role: 'user', content: '你好' },
      { role: 'assistant', content: '收到: 你好' },
    ]);
    expect(String(stored[1]?.id)).toBe(res.body.message_id);
  });

  it('prefixes user_id with ext_ (once), and continues a named session with its history', async () => {
    const first = await hook<Reply>({
      message: '第一句',
      user_id: 'slack_U42',
      session_id: 'slack-thread-1',
      mode: 'voice_msg',
      platform: 'slack',
    });
    expect(first.body).toMatchObject({ reply: '收到: 第一句', session_id: 'slack-thread-1' });
    expect(aiSaw()).toMatchObject({ user_id: 'ext_slack_U42', mode: 'voice_msg' });
    const second = await hook<Reply>({
      message: '第二句',
      user_id: 'ext_slack_U42',
      session_id: 'slack-thread-1',
    });
    expect(second.status).toBe(200);
    expect(aiSaw()).toEqual({
      session_id: 'slack-thread-1',
      user_id: 'ext_slack_U42',
      message: '第二句',
      mode: 'text',
      history: [
        { role: 'user', content: '第一句' },
        { role: 'assistant', content: '收到: 第一句' },
      ],
    });
    expect(await messagesOf('slack-thread-1')).toHaveLength(4);
  });

  it('answers 502 AI 服务暂不可用 when the engine fails, keeping the user message', async () => {
    ai.script = { deltas: [], status: 500 };
    const res = await hook({ message: '在吗', session_id: 'webhook_down' });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 502,
      body: { error: expect.stringMatching(/^AI 服务暂不可用: .*500/), errorType: 'ai_unavailable' },
    });
    expect((await messagesOf('webhook_down')).map(({ role, content }) => ({ role, content }))).toEqual([
      { role: 'user', content: '在吗' },
    ]);
  });

  it("cannot write into a registered user's session (404), which stays untouched", async () => {
    const created = await call(gw.url, 'POST', '/api/v1/sessions', {
      token: aliceToken,
      body: { session_id: 'alice_private' },
    });
    expect(created.status).toBe(201);
    const res = await hook({ message: '偷看', session_id: 'alice_private', user_id: 'user_alice' });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 404,
      body: { error: '会话不存在', errorType: 'session_not_found', hint: '该会话可能已被删除或尚未创建' },
    });
    expect(await messagesOf('alice_private')).toEqual([]);
    expect(ai.requests).toHaveLength(0);
  });

  it('Discord answers 503 while DISCORD_PUBLIC_KEY is unset', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/webhook/discord', { body: { type: 1 } });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 503,
      body: {
        error: 'Discord 接入未启用',
        errorType: 'service_unavailable',
        hint: '在 .env 中设置 DISCORD_PUBLIC_KEY (Discord 应用的 Public Key)',
      },
    });
  });
});
