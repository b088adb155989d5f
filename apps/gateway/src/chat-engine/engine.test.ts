import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { createLogger } from '../logging/logger';
import {
  completionChunks,
  type FakeHandler,
  type FakeUpstream,
  type SeenRequest,
  sse,
  startFakeUpstream,
  startSse,
  writeInPieces,
} from '../testing/fake-upstream';
import type { ModelRouting, ResolvedModel } from '../upstreams/model-routing';
import { type ChatDelta, ChatEngineError, createChatEngine, type EngineAttempt } from './engine';
import type { ChatRequest } from './request';

const log = createLogger('silent');

/** A test double of the admin's routing data: one rule for chat, or none. */
const routing = (chain: ResolvedModel[] | undefined, required = false): ModelRouting => ({
  resolve: async (purpose) => (purpose === 'chat' && chain ? { purpose, chain, required } : undefined),
});

const model = (id: string, baseUrl: string, params: Record<string, unknown> = {}): ResolvedModel => ({
  modelId: id,
  modelName: `${id}-upstream-name`,
  params,
  provider: { name: `prov-${id}`, baseUrl, apiKey: `key-${id}` },
});

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  userId: 'admin',
  sessionId: 'session_abc',
  message: '今天天气怎么样?',
  mode: 'text',
  history: [
    { role: 'user', content: '你好' },
    { role: 'assistant', content: '你好!' },
  ],
  ...over,
});

interface Outcome {
  text: string;
  done?: Extract<ChatDelta, { type: 'done' }>;
  error?: unknown;
}

/** `stream` as it is, calling `seen` when its first text arrives. */
async function* onFirstDelta(stream: AsyncIterable<ChatDelta>, seen: () => void): AsyncIterable<ChatDelta> {
  for await (const d of stream) {
    if (d.type === 'delta') seen();
    yield d;
  }
}

async function run(stream: AsyncIterable<ChatDelta>): Promise<Outcome> {
  const out: Outcome = { text: '' };
  try {
    for await (const d of stream) {
      if (d.type === 'delta') out.text += d.text;
      else out.done = d;
    }
  } catch (e) {
    out.error = e;
  }
  return out;
}

const attempt = (over: Partial<EngineAttempt>): EngineAttempt => ({
  source: 'provider',
  ok: false,
  ms: expect.any(Number) as unknown as number,
  ...over,
});

describe('chat engine', () => {
  const servers: FakeUpstream[] = [];
  const fake = async (handler: FakeHandler) => {
    const s = await startFakeUpstream(handler);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  /** Answers `code` with a JSON body, or a plain-text one for a string. */
  const status = (code: number, body: unknown) => (_req: SeenRequest, res: ServerResponse) => {
    if (typeof body === 'string') res.writeHead(code, { 'content-type': 'text/plain' }).end(body);
    else res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const refusedUrl = async () => {
    const s = await startFakeUpstream(() => {});
    await s.close();
    return s.url;
  };
  /** AI-Core answering `parts`, written in 7-byte pieces (events and characters split across chunks). */
  const aiCore = (parts: string[]) =>
    fake(async (_req, res) => {
      startSse(res);
      const body = `: keep-alive\r\n\r\n${sse([...parts.map((delta) => ({ delta })), { done: true, finish_reason: 'stop' }, '[DONE]']).replace(/\n/g, '\r\n')}`;
      await writeInPieces(res, body, 7);
      res.end();
    });

  it('with neither a routing rule nor AI_CORE_URL: ai_unavailable, saying what to configure', async () => {
    const engine = createChatEngine({ modelRouting: routing(undefined), log });
    const { error } = await run(engine.stream(request()));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 502,
      body: {
        error: 'AI 服务暂不可用',
        errorType: 'ai_unavailable',
        hint: '未配置 chat 模型路由 (/admin/models/routing/chat),也未设置 AI_CORE_URL',
      },
    });
  });

  it('AI-Core: posts the message with history, and streams events split across chunks', async () => {
    const core = await aiCore(['今天', '晴,', '气温 22°C 🌤️']);
    const engine = createChatEngine({ modelRouting: routing(undefined), aiCoreUrl: core.url, log });
    const out = await run(
      engine.stream(request({ attachments: [{ type: 'image', url: '/api/v1/files/f1/download' }] })),
    );
    expect(out.error).toBeUndefined();
    expect(out.text).toBe('今天晴,气温 22°C 🌤️');
    expect(out.done).toEqual({
      type: 'done',
      finishReason: 'stop',
      attempts: [attempt({ source: 'ai_core', ok: true })],
    });
    expect(core.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/api/v1/chat',
        body: {
          session_id: 'session_abc',
          user_id: 'admin',
          message: '今天天气怎么样?',
          mode: 'text',
          attachments: [{ type: 'image', url: '/api/v1/files/f1/download' }],
          history: [
            { role: 'user', content: '你好' },
            { role: 'assistant', content: '你好!' },
          ],
        },
      }),
    ]);
  });

  it('a provider: POST {base_url}/chat/completions streaming, with its key and the model’s params', async () => {
    const provider = await fake(async (_req, res) => {
      startSse(res);
      await writeInPieces(res, completionChunks(['北京', '今天', '多云']), 11);
      res.end();
    });
    const engine = createChatEngine({
      modelRouting: routing([model('m1', `${provider.url}/v1`, { temperature: 0.3, model: 'ignored' })]),
      log,
    });
    const out = await run(engine.stream(request()));
    expect(out.text).toBe('北京今天多云');
    expect(out.done).toEqual({
      type: 'done',
      finishReason: 'stop',
      attempts: [attempt({ ok: true, model: 'm1', provider: 'prov-m1' })],
    });
    const [seen] = provider.requests;
    expect(seen?.url).toBe('/v1/chat/completions');
    expect(seen?.headers.authorization).toBe('Bearer key-m1');
    expect(seen?.body).toEqual({
      temperature: 0.3,
      model: 'm1-upstream-name',
      stream: true,
      messages: [
        { role: 'user', content: '你好' },
        { role: 'assistant', content: '你好!' },
        { role: 'user', content: '今天天气怎么样?' },
      ],
    });
  });

  it('a provider that ignores stream:true and answers one JSON completion still answers', async () => {
    const provider = await fake(
      status(200, {
        choices: [{ index: 0, message: { role: 'assistant', content: '整段回答' }, finish_reason: 'length' }],
      }),
    );
    const engine = createChatEngine({ modelRouting: routing([model('m1', provider.url)]), log });
    const out = await run(engine.stream(request()));
    expect(out.text).toBe('整段回答');
    expect(out.done?.finishReason).toBe('length');
  });

  it('walks the chain past 503, 429, 408 and a refused connection, then falls back to AI-Core', async () => {
    const p503 = await fake(status(503, { error: { message: 'overloaded' } }));
    const p429 = await fake(status(429, { error: { message: 'Rate limit reached' } }));
    const p408 = await fake(status(408, 'timeout'));
    const core = await aiCore(['来自 AI-Core']);
    const engine = createChatEngine({
      modelRouting: routing([
        model('a', p503.url),
        model('b', p429.url),
        model('c', p408.url),
        model('d', await refusedUrl()),
      ]),
      aiCoreUrl: core.url,
      log,
    });
    const out = await run(engine.stream(request()));
    expect(out.error).toBeUndefined();
    expect(out.text).toBe('来自 AI-Core');
    expect(out.done?.attempts).toEqual([
      attempt({ model: 'a', provider: 'prov-a', status: 503, error: 'HTTP 503: overloaded' }),
      attempt({ model: 'b', provider: 'prov-b', status: 429, error: 'HTTP 429: Rate limit reached' }),
      attempt({ model: 'c', provider: 'prov-c', status: 408, error: 'HTTP 408: timeout' }),
      attempt({ model: 'd', provider: 'prov-d', error: '连接失败 (ECONNREFUSED)' }),
      attempt({ source: 'ai_core', ok: true }),
    ]);
  });

  it('a 401 ends the walk: the next model and AI-Core are not tried', async () => {
    const p401 = await fake(status(401, { error: { message: 'Incorrect API key provided' } }));
    const next = await fake(async (_req, res) => {
      startSse(res);
      res.end(completionChunks(['不该出现']));
    });
    const core = await aiCore(['不该出现']);
    const engine = createChatEngine({
      modelRouting: routing([model('a', p401.url), model('b', next.url)]),
      aiCoreUrl: core.url,
      log,
    });
    const out = await run(engine.stream(request()));
    expect(out.text).toBe('');
    expect(out.error).toBeInstanceOf(ChatEngineError);
    expect(out.error).toMatchObject({
      body: {
        error: 'AI 服务暂不可用',
        errorType: 'ai_unavailable',
        hint: 'prov-a/a: HTTP 401: Incorrect API key provided',
      },
      attempts: [
        attempt({
          model: 'a',
          provider: 'prov-a',
          status: 401,
          error: 'HTTP 401: Incorrect API key provided',
        }),
      ],
    });
    expect(next.requests).toHaveLength(0);
    expect(core.requests).toHaveLength(0);
  });

  it('a required rule never falls back to AI-Core; the reasons are in the hint', async () => {
    const p500 = await fake(status(500, 'internal'));
    const core = await aiCore(['不该出现']);
    const engine = createChatEngine({
      modelRouting: routing([model('a', p500.url), model('b', await refusedUrl())], true),
      aiCoreUrl: core.url,
      log,
    });
    const out = await run(engine.stream(request()));
    expect(out.error).toMatchObject({
      errorType: 'ai_unavailable',
      hint: 'prov-a/a: HTTP 500: internal; prov-b/b: 连接失败 (ECONNREFUSED)',
    });
    expect(core.requests).toHaveLength(0);
  });

  it('a required rule whose models are all disabled is ai_unavailable', async () => {
    const engine = createChatEngine({
      modelRouting: routing([], true),
      aiCoreUrl: 'http://127.0.0.1:9',
      log,
    });
    const out = await run(engine.stream(request()));
    expect(out.error).toMatchObject({
      errorType: 'ai_unavailable',
      hint: expect.stringContaining('required'),
    });
  });

  it('silence before the first token is a timeout and moves on; so is a server that never answers', async () => {
    const stalls = await fake((_req, res) => {
      startSse(res);
      res.write(': still here\n\n');
    });
    const mute = await fake(() => {});
    const provider = await fake(async (_req, res) => {
      startSse(res);
      res.end(completionChunks(['终于']));
    });
    const engine = createChatEngine({
      modelRouting: routing([model('a', stalls.url), model('b', mute.url), model('c', provider.url)]),
      log,
      timeouts: { connectMs: 300, idleMs: 300 },
    });
    const out = await run(engine.stream(request()));
    expect(out.text).toBe('终于');
    expect(out.done?.attempts).toEqual([
      attempt({ model: 'a', provider: 'prov-a', error: '读取超时 (300 ms 无数据)' }),
      attempt({ model: 'b', provider: 'prov-b', error: '连接超时 (300 ms)' }),
      attempt({ model: 'c', provider: 'prov-c', ok: true }),
    ]);
  });

  it('silence after tokens: upstream_error, the partial text already delivered, no fallback', async () => {
    const provider = await fake(async (_req, res) => {
      startSse(res);
      res.write(sse([{ choices: [{ index: 0, delta: { content: '前半句' } }] }]));
    });
    const core = await aiCore(['不该出现']);
    const engine = createChatEngine({
      modelRouting: routing([model('a', provider.url)]),
      aiCoreUrl: core.url,
      log,
      timeouts: { idleMs: 300 },
    });
    const out = await run(engine.stream(request()));
    expect(out.text).toBe('前半句');
    expect(out.error).toBeInstanceOf(ChatEngineError);
    expect(out.error).toMatchObject({
      status: 502,
      body: { error: 'AI 回复中断', errorType: 'upstream_error', hint: 'prov-a/a: 读取超时 (300 ms 无数据)' },
      attempts: [attempt({ model: 'a', provider: 'prov-a', error: '读取超时 (300 ms 无数据)' })],
    });
    expect(core.requests).toHaveLength(0);
  });

  it('a connection cut mid-answer is upstream_error; cut before any text, AI-Core is tried', async () => {
    let textArrived = () => {};
    const arrived = new Promise<void>((resolve) => {
      textArrived = resolve;
    });
    const cutLate = await fake(async (_req, res) => {
      startSse(res);
      res.write(sse([{ delta: '一半' }]));
      await arrived; // cut once the client has the text, not before
      res.destroy();
    });
    const late = createChatEngine({ modelRouting: routing(undefined), aiCoreUrl: cutLate.url, log });
    const lateOut = await run(onFirstDelta(late.stream(request()), textArrived));
    expect(lateOut.text).toBe('一半');
    expect(lateOut.error).toMatchObject({ errorType: 'upstream_error' });

    const cutEarly = await fake(async (_req, res) => {
      startSse(res);
      res.end(sse([{ choices: [{ index: 0, delta: { role: 'assistant' } }] }]));
    });
    const core = await aiCore(['兜底']);
    const early = createChatEngine({
      modelRouting: routing([model('a', cutEarly.url)]),
      aiCoreUrl: core.url,
      log,
    });
    const earlyOut = await run(early.stream(request()));
    expect(earlyOut.text).toBe('兜底');
    expect(earlyOut.done?.attempts[0]).toEqual(
      attempt({ model: 'a', provider: 'prov-a', error: '流在结束标记之前断开' }),
    );
  });

  it('an error event or an unreadable payload before any text moves on', async () => {
    const failing = await fake(async (_req, res) => {
      startSse(res);
      res.end(sse([{ error: { message: 'model crashed' } }]));
    });
    const garbled = await fake(async (_req, res) => {
      startSse(res);
      res.end(sse(['not json']));
    });
    const core = await aiCore(['好的']);
    const engine = createChatEngine({
      modelRouting: routing([model('a', failing.url), model('b', garbled.url)]),
      aiCoreUrl: core.url,
      log,
    });
    const out = await run(engine.stream(request()));
    expect(out.text).toBe('好的');
    expect(out.done?.attempts.map((a) => a.error)).toEqual([
      'model crashed',
      '无法解析的流数据: not json',
      undefined,
    ]);
  });

  it('the caller’s abort ends the stream with its reason and tries nothing else', async () => {
    const slow = await fake(async (_req, res) => {
      startSse(res);
      res.write(sse([{ delta: '开始' }]));
    });
    const engine = createChatEngine({ modelRouting: routing(undefined), aiCoreUrl: slow.url, log });
    const controller = new AbortController();
    const out: Outcome = { text: '' };
    try {
      for await (const d of engine.stream(request({ signal: controller.signal }))) {
        if (d.type === 'delta') {
          out.text += d.text;
          controller.abort(new Error('user cancelled'));
        }
      }
    } catch (e) {
      out.error = e;
    }
    expect(out.text).toBe('开始');
    expect(out.error).toEqual(new Error('user cancelled'));
  });

  it('stopping the iteration early closes the upstream connection', async () => {
    let closed = false;
    const endless = await fake(async (_req, res) => {
      startSse(res);
      res.on('close', () => {
        closed = true;
      });
      for (let i = 0; i < 100 && !closed; i++) {
        res.write(sse([{ delta: `${i} ` }]));
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    const engine = createChatEngine({ modelRouting: routing(undefined), aiCoreUrl: endless.url, log });
    for await (const d of engine.stream(request())) {
      if (d.type === 'delta') break;
    }
    await expect.poll(() => closed).toBe(true);
  });
});
