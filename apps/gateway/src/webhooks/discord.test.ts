import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { FakeAiCore } from '../testing/fake-ai-core';
import { type FakeUpstream, startFakeUpstream } from '../testing/fake-upstream';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { signInTestAdmin } from '../testing/users';

/** Long enough that a fast reply is never deferred on a busy machine; the deferred test waits it once. */
const DEFER_MS = 5_000;
const NO_MENTIONS = { parse: [] };
/** The fake AI-Core answers "收到: <message>". */
const ECHO = { deltas: (message: string) => ['收到: ', message] };

/** A Discord application's key pair, made here; the gateway gets the public half as hex. */
function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  return { hex: raw.toString('hex'), privateKey };
}

/** The gateway's clock: signatures are dated by it, so "stale" is a fact of the test, not of timing. */
const clock = new ManualClock(Date.parse('2026-03-01T09:00:00Z'));
const nowSeconds = () => String(Math.floor(clock.now().getTime() / 1000));

function chatInteraction(message: string, name = 'chat') {
  return {
    type: 2,
    id: '1100000000000000001',
    application_id: '1200000000000000002',
    token: 'interaction-token/with+odd=chars',
    channel_id: '1300000000000000003',
    member: { user: { id: '1400000000000000004', username: 'mika' } },
    data: {
      id: '1500000000000000005',
      name,
      type: 1,
      options: [{ name: 'message', type: 3, value: message }],
    },
  };
}

describe('§14 POST /webhook/discord', () => {
  const app = keyPair();
  let ai: FakeAiCore;
  let discordApi: FakeUpstream;
  let gw: TestGateway;
  let adminToken: string;

  /** Posts `body` signed with `key` (over `timestamp` + the exact bytes sent). */
  const post = (body: unknown, opts: { key?: KeyObject; timestamp?: string; sendInstead?: string } = {}) => {
    const raw = JSON.stringify(body);
    const timestamp = opts.timestamp ?? nowSeconds();
    const signature = sign(null, Buffer.from(timestamp + raw), opts.key ?? app.privateKey).toString('hex');
    return call(gw.url, 'POST', '/api/v1/webhook/discord', {
      rawBody: opts.sendInstead ?? raw,
      headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
    });
  };
  const badSignature = { error: 'Discord 请求签名无效', errorType: 'unauthorized' };

  beforeAll(async () => {
    ai = await FakeAiCore.start();
    discordApi = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1600000000000000006"}');
    });
    gw = await startTestGateway({
      env: {
        DISCORD_PUBLIC_KEY: app.hex,
        DISCORD_API_BASE: `${discordApi.url}/api/v10`,
        DISCORD_DEFER_MS: String(DEFER_MS),
        AI_CORE_URL: ai.url,
      },
      clock,
    });
    adminToken = (await signInTestAdmin(gw)).token;
  });
  afterAll(async () => {
    await gw.close();
    await ai.close();
    await discordApi.close();
  });
  beforeEach(() => {
    ai.script = ECHO;
    ai.requests.length = 0;
    discordApi.requests.length = 0;
  });

  it('answers a signed PING with PONG', async () => {
    const res = await post({ type: 1, id: '1', application_id: '2', token: 't' });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { type: 1 } });
  });

  it('refuses a tampered body, another key, a missing signature and a stale timestamp with 401', async () => {
    const ping = { type: 1, id: '1', application_id: '2', token: 't' };
    const tampered = await post(ping, { sendInstead: JSON.stringify({ ...ping, id: '9' }) });
    const otherKey = await post(ping, { key: keyPair().privateKey });
    const unsigned = await call(gw.url, 'POST', '/api/v1/webhook/discord', { body: ping });
    const stale = await post(ping, { timestamp: String(Math.floor(clock.now().getTime() / 1000) - 10 * 60) });
    const garbage = await call(gw.url, 'POST', '/api/v1/webhook/discord', {
      body: ping,
      headers: { 'x-signature-ed25519': 'zz', 'x-signature-timestamp': nowSeconds() },
    });
    for (const res of [tampered, otherKey, unsigned, stale, garbage]) {
      expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: badSignature });
    }
  });

  it('answers 400 for a signed body that is not JSON or not an interaction', async () => {
    const notJson = await post({}, { sendInstead: '{not json' });
    expect(notJson.status).toBe(401); // the signature covers the bytes sent: changing them breaks it
    const raw = '{not json';
    const timestamp = nowSeconds();
    const signature = sign(null, Buffer.from(timestamp + raw), app.privateKey).toString('hex');
    const res = await call(gw.url, 'POST', '/api/v1/webhook/discord', {
      rawBody: raw,
      headers: {
        'x-signature-ed25519': signature,
        'x-signature-timestamp': timestamp,
        'content-type': 'application/json',
      },
    });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { error: '请求体不是有效的 JSON', errorType: 'validation_failed' },
    });
    expect((await post({ type: 7 })).status).toBe(400);
  });

  it('answers /chat with the AI reply (type 4), stored in the per-channel, per-user session', async () => {
    // A channel of its own: the session starts empty whatever ran before.
    const res = await post({ ...chatInteraction('你好'), channel_id: '1300000000000000099' });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { type: 4, data: { content: '收到: 你好', allowed_mentions: NO_MENTIONS } },
    });
    const sessionId = 'discord_1300000000000000099_1400000000000000004';
    expect(ai.requests.at(-1)?.body).toEqual({
      session_id: sessionId,
      user_id: 'ext_discord_1400000000000000004',
      message: '你好',
      mode: 'text',
    });
    const stored = await call<{ messages: { role: string; content: string }[] }>(
      gw.url,
      'GET',
      `/api/v1/sessions/${sessionId}/messages`,
      { token: adminToken },
    );
    expect(stored.body.messages.map(({ role, content }) => ({ role, content }))).toEqual([
      { role: 'user', content: '你好' },
      { role: 'assistant', content: '收到: 你好' },
    ]);
    expect(discordApi.requests).toHaveLength(0);
  });

  it('answers an unknown command and an empty message politely, only to the user (flags 64)', async () => {
    const unknown = await post(chatInteraction('x', 'weather'));
    expect(unknown.body).toEqual({
      type: 4,
      data: {
        content: '未知命令: /weather。可用命令: /chat message:<内容>',
        flags: 64,
        allowed_mentions: NO_MENTIONS,
      },
    });
    const empty = await post(chatInteraction('   '));
    expect(empty.body).toEqual({
      type: 4,
      data: { content: '消息不能为空。用法: /chat message:<内容>', flags: 64, allowed_mentions: NO_MENTIONS },
    });
    expect(ai.requests).toHaveLength(0);
  });

  it('tells the user when the AI is down (ephemeral)', async () => {
    ai.script = { deltas: [], status: 500 };
    const res = await post(chatInteraction('在吗'));
    expect(res.body).toEqual({
      type: 4,
      data: {
        content: expect.stringMatching(/^AI 服务暂不可用: .*500/),
        flags: 64,
        allowed_mentions: NO_MENTIONS,
      },
    });
  });

  it('defers a slow reply (type 5) and delivers it by editing the original response', async () => {
    // The AI holds its answer until released: the gateway must answer Discord without it.
    ai.script = { ...ECHO, holdAfter: 0 };
    const res = await post(chatInteraction('慢慢想'));
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { type: 5 } });
    expect(discordApi.requests).toHaveLength(0);
    ai.release();
    await vi.waitFor(() => expect(discordApi.requests).toHaveLength(1), { timeout: 5_000 });
    expect(discordApi.requests[0]).toMatchObject({
      method: 'PATCH',
      url: '/api/v10/webhooks/1200000000000000002/interaction-token%2Fwith%2Bodd%3Dchars/messages/@original',
      body: { content: '收到: 慢慢想', allowed_mentions: NO_MENTIONS },
    });
  });

  it('the generic webhook answers 503 with a hint while WEBHOOK_KEY is unset', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/webhook/generic', {
      body: { message: '你好' },
      headers: { 'x-webhook-key': 'anything' },
    });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 503,
      body: {
        error: 'Webhook 未启用',
        errorType: 'service_unavailable',
        hint: '在 .env 中设置 WEBHOOK_KEY 并重启网关,调用时在 X-Webhook-Key 头中携带它',
      },
    });
  });
});
