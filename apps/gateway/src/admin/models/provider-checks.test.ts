import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger } from '../../testing/captured-logger';
import { type FakeUpstream, sendJson, startFakeUpstream } from '../../testing/fake-upstream';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway';
import { signInTestAdmin } from '../../testing/users';
import { recordingClient } from '../testing/recording-client';

const KEY = 'sk-test-provider-key-98761234';

type Fake = FakeUpstream;

describe('§15 provider health check and remote model list', () => {
  let gw: TestGateway;
  let api: ReturnType<typeof recordingClient>['api'];
  let responses: string[];
  const { log, lines } = capturedLogger();
  let provider: Fake;
  /** Another origin: the key must never reach it. */
  let elsewhere: Fake;
  let downUrl: string;

  beforeAll(async () => {
    elsewhere = await startFakeUpstream((_req, res) => sendJson(res, 200, { data: [{ id: 'stolen' }] }));
    provider = await startFakeUpstream((req, res) => {
      if (req.headers.authorization !== `Bearer ${KEY}`) {
        // Like OpenAI, the error names the key it was given.
        return sendJson(res, 401, {
          error: { message: `Incorrect API key provided: ${req.headers.authorization?.slice(7) ?? ''}` },
        });
      }
      switch (req.url) {
        case '/v1/models':
          return sendJson(res, 200, {
            object: 'list',
            data: [
              { id: 'gpt-x', object: 'model', owned_by: 'acme', created: 1 },
              { id: 'local-7b', owned_by: null },
              { name: 'no id here' },
            ],
          });
        case '/v1/array':
          return sendJson(res, 200, [{ id: 'bare' }]);
        case '/v1/broken':
          res.writeHead(500, { 'content-type': 'text/plain' });
          return res.end('upstream exploded\n');
        case '/v1/not-json':
          return res.end('hello');
        case '/v1/odd':
          return sendJson(res, 200, { models: 'none' });
        case '/v1/same-origin-redirect':
          res.writeHead(302, { location: '/v1/array' });
          return res.end();
        case '/v1/away':
          res.writeHead(302, { location: `${elsewhere.url}/v1/models` });
          return res.end();
        case '/v1/huge':
          return sendJson(res, 200, { data: [{ id: 'x'.repeat(5 * 1024 * 1024) }] });
        default:
          return sendJson(res, 404, { error: 'no such path' });
      }
    });
    const closed = await startFakeUpstream(() => {});
    downUrl = closed.url;
    await closed.close();

    gw = await startTestGateway({ log });
    const adminToken = (await signInTestAdmin(gw)).token;
    ({ api, texts: responses } = recordingClient(gw, adminToken));
    await api('POST', '/admin/models/providers/fake', {
      body: { base_url: `${provider.url}/v1`, api_key: KEY },
    });
    await api('POST', '/admin/models/providers/wrong-key', {
      body: { base_url: `${provider.url}/v1`, api_key: 'sk-wrong-key-000000001111' },
    });
    await api('POST', '/admin/models/providers/down', { body: { base_url: `${downUrl}/v1`, api_key: KEY } });
  });
  afterAll(async () => {
    await gw.close();
    await provider.close();
    await elsewhere.close();
  });

  const message = 'Provider 配置已保存,连接测试请通过实际 LLM 调用验证';

  describe('POST /admin/models/health-check', () => {
    it('reports ok with the latency when GET {base_url}/models answers 2xx (sending the key)', async () => {
      const res = await api('POST', '/admin/models/health-check', { body: { provider: 'fake' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ provider: 'fake', message, ok: true, latency_ms: expect.any(Number) });
      expect(provider.requests.at(-1)).toMatchObject({
        url: '/v1/models',
        headers: { authorization: `Bearer ${KEY}` },
      });
    });

    it('reports the provider’s refusal, the key in it masked', async () => {
      const res = await api('POST', '/admin/models/health-check', { body: { provider: 'wrong-key' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        provider: 'wrong-key',
        message,
        ok: false,
        latency_ms: expect.any(Number),
        error: 'Provider 返回 HTTP 401: Incorrect API key provided: sk-…1111',
      });
    });

    it('reports a provider that does not answer', async () => {
      const res = await api('POST', '/admin/models/health-check', { body: { provider: 'down' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        provider: 'down',
        message,
        ok: false,
        latency_ms: expect.any(Number),
        error: expect.stringMatching(new RegExp(`^无法访问 ${downUrl}: `)),
      });
    });

    it('answers 404 for an unknown provider and 400 without one', async () => {
      const unknown = await api('POST', '/admin/models/health-check', { body: { provider: 'nope' } });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: 'Provider 不存在: nope', errorType: 'not_found' });
      for (const body of [{}, { provider: '' }]) {
        const res = await api('POST', '/admin/models/health-check', { body });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: 'provider 不能为空', errorType: 'validation_failed' });
      }
    });
  });

  describe('GET /admin/models/fetch-models/:name', () => {
    const fetchModels = (name: string, url: string | undefined) =>
      api(
        'GET',
        `/admin/models/fetch-models/${name}${url === undefined ? '' : `?url=${encodeURIComponent(url)}`}`,
      );

    it('relays the OpenAI-style list with the key sent, keeping entries that have an id', async () => {
      const url = `${provider.url}/v1/models`;
      const res = await fetchModels('fake', url);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        models: [{ id: 'gpt-x', object: 'model', owned_by: 'acme', created: 1 }, { id: 'local-7b' }],
        provider: 'fake',
        url,
      });
      expect(provider.requests.at(-1)).toMatchObject({
        url: '/v1/models',
        headers: { authorization: `Bearer ${KEY}` },
      });
    });

    it('accepts a bare array, and follows a redirect on the same origin', async () => {
      const url = `${provider.url}/v1/same-origin-redirect`;
      expect((await fetchModels('fake', url)).body).toEqual({
        models: [{ id: 'bare' }],
        provider: 'fake',
        url,
      });
    });

    it('refuses a url on another origin with 400, sending nothing there', async () => {
      const res = await fetchModels('fake', `${elsewhere.url}/v1/models`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: 'URL 必须与 Provider 的 base_url 同源',
        errorType: 'validation_failed',
        hint: `该 Provider 的来源: ${provider.url}`,
      });
      expect(elsewhere.requests).toEqual([]);
    });

    it('does not follow a redirect off the origin (502), so the key never leaves', async () => {
      const res = await fetchModels('fake', `${provider.url}/v1/away`);
      expect(res.status).toBe(502);
      expect(res.body).toEqual({
        error: `拒绝跟随跨域重定向: ${elsewhere.url}`,
        errorType: 'upstream_error',
      });
      expect(elsewhere.requests).toEqual([]);
    });

    it.each([
      ['/v1/broken', 'Provider 返回 HTTP 500: upstream exploded'],
      ['/v1/missing', 'Provider 返回 HTTP 404: no such path'],
      ['/v1/not-json', 'Provider 返回的模型列表不是 JSON'],
      ['/v1/odd', '无法识别 Provider 返回的模型列表格式'],
      ['/v1/huge', '响应过大 (超过 4194304 字节)'],
    ])('answers 502 with the reason when %s fails', async (path, error) => {
      const res = await fetchModels('fake', `${provider.url}${path}`);
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ error, errorType: 'upstream_error' });
    });

    it('answers 502 with the provider’s refusal (key masked) and when it is down', async () => {
      const refused = await fetchModels('wrong-key', `${provider.url}/v1/models`);
      expect(refused.status).toBe(502);
      expect(refused.body).toEqual({
        error: 'Provider 返回 HTTP 401: Incorrect API key provided: sk-…1111',
        errorType: 'upstream_error',
      });
      const down = await fetchModels('down', `${downUrl}/v1/models`);
      expect(down.status).toBe(502);
      expect(down.body).toMatchObject({
        error: expect.stringMatching(/^无法访问 /),
        errorType: 'upstream_error',
      });
    });

    it('answers 404 for an unknown provider and 400 for a missing or non-http url', async () => {
      const unknown = await fetchModels('nope', `${provider.url}/v1/models`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: 'Provider 不存在: nope', errorType: 'not_found' });
      expect((await fetchModels('fake', undefined)).body).toMatchObject({ error: 'url 不能为空' });
      expect((await fetchModels('fake', 'ftp://127.0.0.1/x')).body).toMatchObject({
        error: 'URL 需以 http:// 或 https:// 开头',
      });
    });
  });

  it('never sent a key whole in any response, nor logged one', () => {
    for (const text of [...responses, ...lines]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('sk-wrong-key-000000001111');
    }
    expect(lines.some((line) => line.includes('provider health check failed'))).toBe(true);
  });
});
