import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { createTelemetry } from '../observability/create';
import { parsePrometheusText, sumOf } from '../observability/testing/prometheus-text';
import { completionChunks, type FakeUpstream, startFakeUpstream, startSse } from '../testing/fake-upstream';
import type { ResolvedModel } from '../upstreams/model-routing';
import { createChatEngine } from './engine';
import type { ChatRequest } from './request';

const log = createLogger('silent');
const model = (id: string, baseUrl: string): ResolvedModel => ({
  modelId: id,
  modelName: `${id}-upstream`,
  params: {},
  provider: { name: `prov-${id}`, baseUrl, apiKey: undefined },
});
const request: ChatRequest = { userId: 'admin', sessionId: 's', message: '你好', mode: 'text', history: [] };

/** What the engine reports through the telemetry port, read back as a Prometheus scrape. */
describe('chat engine telemetry', () => {
  const servers: FakeUpstream[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const failing = async () => {
    const s = await startFakeUpstream((_req, res: ServerResponse) => res.writeHead(503).end('overloaded'));
    servers.push(s);
    return s;
  };
  const answering = async () => {
    const s = await startFakeUpstream((_req, res: ServerResponse) => {
      startSse(res);
      res.end(completionChunks(['好']));
    });
    servers.push(s);
    return s;
  };
  const engineWith = (chain: ResolvedModel[]) => {
    const telemetry = createTelemetry({ metrics: true });
    const engine = createChatEngine({
      modelRouting: { resolve: async () => ({ purpose: 'chat', chain, required: true }) },
      log,
      telemetry,
    });
    const scrape = async () => parsePrometheusText((await telemetry.metrics?.scrape()) ?? '');
    return { engine, scrape };
  };
  const drain = async (stream: AsyncIterable<unknown>) => {
    try {
      for await (const _ of stream);
      return 'answered';
    } catch {
      return 'threw';
    }
  };

  it('counts a failed attempt, the fallback that answered, and one ok turn of its door', async () => {
    const { engine, scrape } = engineWith([
      model('a', `${(await failing()).url}/v1`),
      model('b', `${(await answering()).url}/v1`),
    ]);
    expect(await drain(engine.stream({ ...request, door: 'automation' }))).toBe('answered');
    const samples = await scrape();
    expect(
      sumOf(samples, 'cyrene_chat_attempts_total', { provider: 'prov-a', model: 'a', outcome: 'error' }),
    ).toBe(1);
    expect(
      sumOf(samples, 'cyrene_chat_attempts_total', { provider: 'prov-b', model: 'b', outcome: 'ok' }),
    ).toBe(1);
    expect(sumOf(samples, 'cyrene_chat_turns_total', { door: 'automation', outcome: 'ok' })).toBe(1);
    // The first token came from the fallback.
    expect(sumOf(samples, 'cyrene_chat_time_to_first_token_seconds_count', { provider: 'prov-b' })).toBe(1);
    expect(sumOf(samples, 'cyrene_chat_time_to_first_token_seconds_count', { provider: 'prov-a' })).toBe(0);
  });

  it('counts a turn nothing answered as an error, and one stopped by its caller as interrupted', async () => {
    const { engine, scrape } = engineWith([model('a', `${(await failing()).url}/v1`)]);
    expect(await drain(engine.stream({ ...request, door: 'briefing' }))).toBe('threw');
    const stopped = new AbortController();
    stopped.abort(new Error('client went away'));
    expect(await drain(engine.stream({ ...request, signal: stopped.signal }))).toBe('threw');
    const samples = await scrape();
    expect(sumOf(samples, 'cyrene_chat_turns_total', { door: 'briefing', outcome: 'error' })).toBe(1);
    expect(sumOf(samples, 'cyrene_chat_turns_total', { door: 'websocket', outcome: 'interrupted' })).toBe(1);
    expect(sumOf(samples, 'cyrene_chat_duration_seconds_count')).toBe(2);
  });
});
