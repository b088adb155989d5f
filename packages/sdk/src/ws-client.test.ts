import {
  call,
  FakeAiCore,
  signInTestAdmin,
  startTestGateway,
  type TestGateway,
} from '@cyrene/gateway/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ChatError, type ChatSocket, type ChatSocketOptions, createChatSocket } from './index';

/** The `ws` package, remembering every socket it opened (so a test can cut one). */
const opened: WebSocket[] = [];
class RecordingWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    opened.push(this);
  }
}

describe('ChatSocket (SDK WebSocket client)', () => {
  let gw: TestGateway;
  let core: FakeAiCore;
  let token: string;
  const sockets: ChatSocket[] = [];

  const connect = async (options: Partial<ChatSocketOptions> = {}) => {
    const socket = createChatSocket({
      baseUrl: gw.url,
      token: () => token,
      WebSocket: RecordingWebSocket,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      validate: true,
      ...options,
    });
    sockets.push(socket);
    await socket.connect();
    return socket;
  };

  beforeAll(async () => {
    core = await FakeAiCore.start();
    gw = await startTestGateway({ env: { AI_CORE_URL: core.url } });
    token = (await signInTestAdmin(gw)).token;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await gw.close();
    await core.close();
  });
  beforeEach(() => {
    core.script = { deltas: (message) => [`回答:`, message] };
  });

  it('streams an answer as an async iterator and resolves it whole', async () => {
    const socket = await connect({ deviceName: 'Test' });
    const reply = socket.ask('你好');
    const chunks: string[] = [];
    for await (const chunk of reply) chunks.push(chunk);
    expect(chunks).toEqual(['回答:', '你好']);
    expect(await reply.done).toEqual({
      messageId: expect.any(String),
      text: '回答:你好',
      finishReason: 'stop',
      interrupted: false,
    });
    expect(socket.lastSeq()).toBe(5);
    const history = await socket.history(10);
    expect(history.map((m) => [m.role, m.content])).toEqual([
      ['user', '你好'],
      ['assistant', '回答:你好'],
    ]);
  });

  it('offers the frames as typed events and as an iterator', async () => {
    const socket = await connect();
    const chunks: string[] = [];
    socket.on('stream_chunk', (frame) => chunks.push(frame.content));
    const types: string[] = [];
    const iterate = (async () => {
      for await (const frame of socket.frames()) {
        types.push(frame.type);
        if (frame.type === 'stream_end') break;
      }
    })();
    await socket.ask('事件').done;
    await iterate;
    expect(chunks).toEqual(['回答:', '事件']);
    expect(types).toEqual(['stream_start', 'stream_chunk', 'stream_chunk', 'stream_end']);
  });

  it('rejects the answer with the gateway error when the engine is down', async () => {
    core.script = { deltas: [], status: 503 };
    const socket = await connect();
    const reply = socket.ask('有人吗');
    await expect(reply.done).rejects.toBeInstanceOf(ChatError);
    await expect(reply.done).rejects.toMatchObject({ errorType: 'ai_unavailable' });
  });

  it('reconnects after a lost connection and resumes: the answer goes on, every chunk once', async () => {
    core.script = { deltas: ['一', '二', '三', '四'], holdAfter: 2 };
    const socket = await connect();
    const states: string[] = [];
    socket.onState((s) => states.push(s));
    const reply = socket.ask('数数');
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const chunk of reply) chunks.push(chunk);
    })();
    await expect.poll(() => chunks.length).toBe(2);
    opened.at(-1)?.terminate();
    await expect.poll(() => states).toEqual(['reconnecting', 'open']);
    core.release();
    await reading;
    expect(chunks).toEqual(['一', '二', '三', '四']);
    expect((await reply.done).text).toBe('一二三四');
  });

  it('queues a question asked while disconnected and sends it once back', async () => {
    const socket = await connect();
    opened.at(-1)?.terminate();
    const reply = socket.ask('离线时问的');
    expect((await reply.done).text).toBe('回答:离线时问的');
  });

  it('finds the answer by its echo when the connection broke before the answer started', async () => {
    core.script = { deltas: ['答案'], holdAfter: 0 };
    const socket = await connect();
    const states: string[] = [];
    socket.onState((s) => states.push(s));
    const before = core.requests.length;
    const reply = socket.ask('断线前问的');
    await expect.poll(() => core.requests.length).toBe(before + 1);
    opened.at(-1)?.terminate();
    await expect.poll(() => states).toEqual(['reconnecting', 'open']);
    core.release();
    expect((await reply.done).text).toBe('答案');
  });

  it("does not take another device's answer for its own", async () => {
    // The first answer stops half way until released: the second question is asked during it.
    core.script = { deltas: (message) => (message === '先问' ? ['先', '答'] : ['后答']), holdAfter: 1 };
    const other = await connect({ sessionId: 'session_sdkshare1', clientId: 'other' });
    const mine = await connect({ sessionId: 'session_sdkshare1', clientId: 'mine' });
    const first = other.ask('先问');
    await new Promise((resolve) => other.on('stream_chunk', resolve)); // '先' came; '答' is held
    const second = mine.ask('后问');
    // The gateway has stored the second question (its turn waits for the first) before the first goes on.
    const stored = async () =>
      (
        await call<{ messages: Array<{ content: string }> }>(
          gw.url,
          'GET',
          '/api/v1/sessions/session_sdkshare1/messages',
          { token },
        )
      ).body.messages.map((m) => m.content);
    await expect.poll(stored).toContain('后问');
    core.release();
    expect((await first.done).text).toBe('先答');
    expect((await second.done).text).toBe('后答');
  });

  it('follows a session asked in by another device, across a reconnect, with every frame once', async () => {
    const asker = await connect({ sessionId: 'session_sdkasker01', clientId: 'asker' });
    const watcher = await connect({ clientId: 'watcher' });
    const ends: string[] = [];
    watcher.on('stream_end', (frame) => {
      if (frame.session_id !== watcher.sessionId) ends.push(`${frame.session_id}:${frame.text}`);
    });
    // A session with nothing in it yet: only following it makes its frames come here.
    const replayed = watcher.follow('session_sdkfollow01');
    expect(watcher.follow('session_sdkfollow01')).toBe(replayed); // twice: still one replay
    await replayed; // the gateway has taken the follow
    const states: string[] = [];
    watcher.onState((s) => states.push(s));
    opened.at(-1)?.terminate();
    expect((await asker.ask('第一问', { sessionId: 'session_sdkfollow01' }).done).text).toBe('回答:第一问');
    await expect.poll(() => states).toEqual(['reconnecting', 'open']);
    await expect.poll(() => ends).toEqual(['session_sdkfollow01:回答:第一问']);

    expect((await asker.ask('第二问', { sessionId: 'session_sdkfollow01' }).done).text).toBe('回答:第二问');
    await expect.poll(() => ends).toHaveLength(2);
    expect(ends[1]).toBe('session_sdkfollow01:回答:第二问');
  });

  it('pings the gateway', async () => {
    const socket = await connect({ pingIntervalMs: 50 });
    const pong = new Promise((resolve) => socket.on('pong', resolve));
    await expect(pong).resolves.toMatchObject({ type: 'pong' });
  });
});
