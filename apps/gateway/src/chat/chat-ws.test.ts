import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeAiCore } from '../testing/fake-ai-core';
import { type FakeUpstream, startFakeUpstream } from '../testing/fake-upstream';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../testing/users';
import { refusedUpgrade, TestSocket } from './testing/test-socket';

interface Message {
  id: number;
  session_id: string;
  role: string;
  msg_type: string;
  content: string;
  created_at: number;
}

describe('§2 WebSocket /ws/chat', () => {
  let gw: TestGateway;
  let core: FakeAiCore;
  let voice: FakeUpstream;
  /** What the fake Voice-Service does: answer a transcript, or drop the connection. */
  let voiceAnswer: { text: string } | 'drop' = { text: '打开客厅的灯' };
  let admin: string;
  const sockets: TestSocket[] = [];

  const open = async (query: Record<string, string> = {}, path?: string) => {
    const socket = await TestSocket.open(gw.url, { token: admin, query, path });
    sockets.push(socket);
    return socket;
  };
  const messagesOf = async (sessionId: string) =>
    (
      await call<{ messages: Message[] }>(gw.url, 'GET', `/api/v1/sessions/${sessionId}/messages`, {
        token: admin,
      })
    ).body.messages;

  beforeAll(async () => {
    core = await FakeAiCore.start();
    voice = await startFakeUpstream((_req, res) => {
      if (voiceAnswer === 'drop') {
        res.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(voiceAnswer));
    });
    gw = await startTestGateway({ env: { AI_CORE_URL: core.url, VOICE_SERVICE_URL: voice.url } });
    admin = (await signInTestAdmin(gw)).token;
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    await gw.close();
    await core.close();
    await voice.close();
  });
  beforeEach(() => {
    core.script = { deltas: ['你好', '，世界'] };
  });

  describe('the upgrade', () => {
    it('refuses a missing token with 401 and the spec body', async () => {
      expect(await refusedUpgrade(gw.url)).toEqual({
        status: 401,
        body: { error: '未提供认证令牌', errorType: 'unauthorized' },
      });
    });

    it('refuses a bad token with 401', async () => {
      expect(await refusedUpgrade(gw.url, { token: 'not-a-jwt' })).toEqual({
        status: 401,
        body: {
          error: '认证令牌无效或已过期',
          errorType: 'unauthorized',
          hint: '请重新登录或调用 /api/v1/auth/refresh',
        },
      });
    });

    it('refuses everyone but the administrator with 403', async () => {
      const bob = await registerTestUser(gw, 'bob');
      expect(await refusedUpgrade(gw.url, { token: bob.token })).toEqual({
        status: 403,
        body: { error: '仅限管理员操作', errorType: 'admin_only' },
      });
    });

    it('refuses an unknown path with 404', async () => {
      const res = await refusedUpgrade(gw.url, { token: admin, path: '/ws/other' });
      expect(res.status).toBe(404);
    });

    it('accepts the token as Authorization: Bearer, on both paths, and counts connections in health', async () => {
      const a = await TestSocket.open(gw.url, { bearer: admin });
      const b = await TestSocket.open(gw.url, { bearer: admin, path: '/api/v1/ws/chat' });
      sockets.push(a, b);
      const health = await call<{ ws_connections: number }>(gw.url, 'GET', '/api/v1/health');
      expect(health.body.ws_connections).toBeGreaterThanOrEqual(2);
      const before = health.body.ws_connections;
      await a.close();
      await b.close();
      await expect
        .poll(
          async () =>
            (await call<{ ws_connections: number }>(gw.url, 'GET', '/api/v1/health')).body.ws_connections,
        )
        .toBe(before - 2);
    });
  });

  describe('frames', () => {
    it('answers ping with pong', async () => {
      const ws = await open();
      ws.send({ type: 'ping', timestamp: 1 });
      expect(await ws.next('pong')).toEqual({ type: 'pong', timestamp: expect.any(Number) });
    });

    it.each([
      ['not json', '消息不是有效的 JSON'],
      ['[1,2]', '消息必须是 JSON 对象'],
      [JSON.stringify({ type: 'dance' }), '不支持的消息类型: dance'],
      [JSON.stringify({ content: 'x' }), '缺少必填字段: type'],
      [JSON.stringify({ type: 'message' }), '消息不能为空'],
      [JSON.stringify({ type: 'message', content: '' }), '消息不能为空'],
      [JSON.stringify({ type: 'voice_input' }), '音频数据不能为空'],
      [JSON.stringify({ type: 'resume', session_id: 's', after_seq: -1 }), 'after_seq 不能小于 0'],
    ])('answers the bad frame %s with an error frame and keeps the connection', async (raw, error) => {
      const ws = await open();
      ws.send(raw);
      expect(await ws.next('error')).toEqual({
        type: 'error',
        error,
        errorType: 'validation_failed',
        timestamp: expect.any(Number),
      });
      ws.send({ type: 'ping' });
      await ws.next('pong');
    });

    it('answers a binary frame with an error frame', async () => {
      const ws = await open();
      ws.ws.send(Buffer.from([1, 2, 3]));
      expect((await ws.next('error')).error).toBe('不支持二进制消息: 请发送 JSON 文本');
    });
  });

  describe('message', () => {
    it('stores the user message, streams the reply in order and stores it', async () => {
      const ws = await open({ session_id: 'session_stream01', client_id: 'c1', device_name: 'Laptop' });
      ws.send({ type: 'message', content: '今天天气怎么样?' });
      const start = await ws.next('stream_start');
      const end = await ws.next('stream_end');
      const frames = ws.sequenced();
      expect(frames.map((f) => f.type)).toEqual([
        'stream_start',
        'stream_chunk',
        'stream_chunk',
        'stream_end',
      ]);
      expect(frames.map((f) => f.seq)).toEqual([2, 3, 4, 5]);
      expect(start).toEqual({
        type: 'stream_start',
        session_id: 'session_stream01',
        message_id: expect.any(String),
        seq: 2,
        role: 'assistant',
        response_mode: 'text',
        timestamp: expect.any(Number),
      });
      expect(
        frames.filter((f) => f.type === 'stream_chunk').map((f) => f.type === 'stream_chunk' && f.content),
      ).toEqual(['你好', '，世界']);
      expect(end).toMatchObject({ message_id: start.message_id, text: '你好，世界', finish_reason: 'stop' });

      const request = core.requests.at(-1);
      expect(request?.body).toMatchObject({
        session_id: 'session_stream01',
        user_id: 'admin',
        message: '今天天气怎么样?',
        mode: 'text',
      });
      await expect
        .poll(async () => (await messagesOf('session_stream01')).map((m) => [m.role, m.content]))
        .toEqual([
          ['user', '今天天气怎么样?'],
          ['assistant', '你好，世界'],
        ]);
      const stored = await messagesOf('session_stream01');
      expect(String(stored[1]?.id)).toBe(start.message_id);
    });

    it('sends the earlier turns as history', async () => {
      const ws = await open({ session_id: 'session_history1' });
      ws.send({ type: 'message', content: '第一句' });
      await ws.next('stream_end');
      ws.send({ type: 'message', content: '第二句' });
      await ws.next('stream_end');
      expect(core.requests.at(-1)?.body).toMatchObject({
        message: '第二句',
        history: [
          { role: 'user', content: '第一句' },
          { role: 'assistant', content: '你好，世界' },
        ],
      });
    });

    it('keeps the user message and sends the spec error when the engine is down', async () => {
      core.script = { deltas: [], status: 500 };
      const ws = await open({ session_id: 'session_enginedown' });
      ws.send({ type: 'message', content: '有人吗' });
      const error = await ws.next('error');
      expect(error).toEqual({
        type: 'error',
        error: expect.stringMatching(/^AI 服务暂不可用: /),
        errorType: 'ai_unavailable',
        session_id: 'session_enginedown',
        seq: 2,
        timestamp: expect.any(Number),
      });
      expect((await messagesOf('session_enginedown')).map((m) => [m.role, m.content])).toEqual([
        ['user', '有人吗'],
      ]);
      ws.send({ type: 'ping' });
      await ws.next('pong');
    });

    it('stores the whole reply when the client leaves mid-stream', async () => {
      core.script = { deltas: ['一', '二', '三', '四'], holdAfter: 1 };
      const ws = await open({ session_id: 'session_leaver' });
      ws.send({ type: 'message', content: '数到四' });
      await ws.next('stream_chunk');
      await ws.close();
      core.release();
      await expect
        .poll(async () => (await messagesOf('session_leaver')).map((m) => [m.role, m.content]))
        .toEqual([
          ['user', '数到四'],
          ['assistant', '一二三四'],
        ]);
    });

    it("refuses a message to another user's session with session_not_found and leaves it as it was", async () => {
      const bob = await call<{ token: string }>(gw.url, 'POST', '/api/v1/auth/login', {
        body: { username: 'bob', password: 'secret-bob' },
      });
      const created = await call(gw.url, 'POST', '/api/v1/sessions', {
        token: bob.body.token,
        body: { session_id: 'session_ofbob0001' },
      });
      expect(created.status).toBe(201);
      const ws = await open();
      ws.send({ type: 'message', content: '闯入', session_id: 'session_ofbob0001' });
      expect(await ws.next('error')).toEqual({
        type: 'error',
        error: '会话不存在',
        errorType: 'session_not_found',
        session_id: 'session_ofbob0001',
        timestamp: expect.any(Number),
      });
      const stored = await call<{ messages: Message[] }>(
        gw.url,
        'GET',
        '/api/v1/sessions/session_ofbob0001/messages',
        {
          token: bob.body.token,
        },
      );
      expect(stored.body.messages).toEqual([]);
    });

    it('answers history with the session messages', async () => {
      const ws = await open({ session_id: 'session_history1' });
      ws.send({ type: 'history', limit: 2 });
      const res = await ws.next('history_response');
      expect(res).toEqual({
        type: 'history_response',
        session_id: 'session_history1',
        messages: [
          expect.objectContaining({ role: 'user', content: '第二句', msg_type: 'chat' }),
          expect.objectContaining({ role: 'assistant', content: '你好，世界' }),
        ],
        timestamp: expect.any(Number),
      });
    });
  });

  describe('voice_input', () => {
    it('transcribes through Voice-Service, announces the transcript, then answers it as a message', async () => {
      voiceAnswer = { text: '打开客厅的灯' };
      const ws = await open({ session_id: 'session_voice001' });
      const audio = Buffer.from('RIFF....WAVEfmt fake audio');
      ws.send({ type: 'voice_input', audio_data: audio.toString('base64'), mode: 'voice_msg' });
      const transcript = await ws.next('voice_transcript');
      expect(transcript).toEqual({
        type: 'voice_transcript',
        session_id: 'session_voice001',
        seq: 1,
        text: '打开客厅的灯',
        timestamp: expect.any(Number),
      });
      expect(await ws.next('stream_start')).toMatchObject({ seq: 3, response_mode: 'voice_msg' });
      await ws.next('stream_end');
      const upload = voice.requests.at(-1);
      expect(upload?.url).toBe('/transcribe');
      expect(upload?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(String(upload?.body)).toContain('name="audio"');
      expect(String(upload?.body)).toContain('RIFF....WAVEfmt fake audio');
      expect(core.requests.at(-1)?.body).toMatchObject({ message: '打开客厅的灯', mode: 'voice_msg' });
      expect((await messagesOf('session_voice001')).map((m) => [m.role, m.content])).toEqual([
        ['user', '打开客厅的灯'],
        ['assistant', '你好，世界'],
      ]);
    });

    it('answers an unreachable Voice-Service with the spec error frame and creates nothing', async () => {
      voiceAnswer = 'drop';
      const ws = await open({ session_id: 'session_voice002' });
      ws.send({
        type: 'voice_input',
        audio_data: Buffer.from('RIFF....WAVEfmt fake audio').toString('base64'),
      });
      expect(await ws.next('error')).toEqual({
        type: 'error',
        error: expect.stringMatching(/^Voice-Service 不可达: /),
        errorType: 'voice_service_unreachable',
        session_id: 'session_voice002',
        timestamp: expect.any(Number),
      });
      const stored = await call(gw.url, 'GET', '/api/v1/sessions/session_voice002/messages', {
        token: admin,
      });
      expect(stored.status).toBe(404);
    });
  });

  describe('several devices', () => {
    it("streams to every device on the session and shows the sender's message to the others", async () => {
      const phone = await open({ session_id: 'session_devices', client_id: 'phone', device_name: 'Phone' });
      const laptop = await open({
        session_id: 'session_devices',
        client_id: 'laptop',
        device_name: 'Laptop',
      });
      phone.send({ type: 'message', content: '同步一下', user_agent: 'PhoneApp/1.0' });
      const echo = await laptop.next('response');
      expect(echo).toEqual({
        type: 'response',
        session_id: 'session_devices',
        message_id: expect.any(String),
        seq: 1,
        role: 'user',
        msg_type: 'chat',
        text: '同步一下',
        content: '同步一下',
        response_mode: 'text',
        client_info: { client_id: 'phone', device_name: 'Phone', user_agent: 'PhoneApp/1.0' },
        timestamp: expect.any(Number),
      });
      const [a, b] = await Promise.all([phone.next('stream_end'), laptop.next('stream_end')]);
      expect(a).toEqual(b);
      expect(phone.frames.some((f) => f.type === 'response')).toBe(false);
      expect(laptop.sequenced().map((f) => f.seq)).toEqual([1, 2, 3, 4, 5]);
    });
  });

  describe('resume', () => {
    it('replays exactly the missed frames after a reconnect, then the live tail', async () => {
      core.script = { deltas: ['a', 'b', 'c', 'd', 'e', 'f'], holdAfter: 3 };
      const first = await open({ session_id: 'session_resume1' });
      first.send({ type: 'message', content: 'go' });
      const seen = await first.next('stream_chunk', (f) => f.content === 'b');
      await first.close();
      core.release();
      const again = await open({ session_id: 'session_other' });
      again.send({ type: 'resume', session_id: 'session_resume1', after_seq: seen.seq });
      await again.next('stream_end');
      const replay = again.sequenced();
      expect(replay.map((f) => f.seq)).toEqual(
        Array.from({ length: replay.length }, (_, i) => seen.seq + 1 + i),
      );
      expect(replay.map((f) => (f.type === 'stream_chunk' ? f.content : f.type))).toEqual([
        'c',
        'd',
        'e',
        'f',
        'stream_end',
      ]);
    });

    it('sends nothing for a seq the client already has', async () => {
      const ws = await open({ session_id: 'session_resume1' });
      ws.send({ type: 'resume', session_id: 'session_resume1', after_seq: 1_000 });
      ws.send({ type: 'ping' });
      await ws.next('pong');
      expect(ws.sequenced()).toEqual([]);
    });
  });
});
