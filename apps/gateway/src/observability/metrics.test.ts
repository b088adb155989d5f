import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestSocket } from '../chat/testing/test-socket';
import type { FakeUpstream } from '../testing/fake-upstream';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { signInTestAdmin, type TestUser } from '../testing/users';
import { FAKE_USAGE, routeChatTo, startFakeProvider } from './testing/fake-provider';
import { parsePrometheusText, type Sample, samplesOf, sumOf } from './testing/prometheus-text';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const WEBHOOK_KEY = 'webhook-key-for-metrics-tests-0123';

async function scrape(url: string): Promise<Sample[]> {
  const res = await call(url, 'GET', '/metrics', { token: METRICS_TOKEN });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(res.text);
}

describe('GET /metrics', () => {
  const gateways: TestGateway[] = [];
  const start = async (env: Record<string, string>) => {
    const gw = await startTestGateway({ env });
    gateways.push(gw);
    return gw;
  };
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gw) => gw.close()));
  });

  /** What /metrics of the main port is when it is not the metrics: the console's page (an SPA path). */
  const notMetrics = (res: { headers: Headers; text: string }) => {
    expect(res.headers.get('content-type')).not.toMatch(/^text\/plain/);
    expect(res.text).not.toContain('process_cpu_user_seconds_total');
  };

  it('does not exist without METRICS_TOKEN', async () => {
    const gw = await start({});
    notMetrics(await call(gw.url, 'GET', '/metrics', { token: METRICS_TOKEN }));
  });

  it('answers 401 in the spec shape without the bearer token, or with another', async () => {
    const gw = await start({ METRICS_TOKEN });
    const expected = {
      error: '指标接口需要 METRICS_TOKEN',
      errorType: 'unauthorized',
      hint: 'Authorization: Bearer <METRICS_TOKEN>',
    };
    const none = await call(gw.url, 'GET', '/metrics');
    const wrong = await call(gw.url, 'GET', '/metrics', { token: `${METRICS_TOKEN}x` });
    expect([none.status, none.body, wrong.status, wrong.body]).toEqual([401, expected, 401, expected]);
  });

  it('with METRICS_PORT is served on that port only', async () => {
    const gw = await start({ METRICS_TOKEN, METRICS_PORT: '0' });
    expect(gw.metricsUrl).toBeDefined();
    notMetrics(await call(gw.url, 'GET', '/metrics', { token: METRICS_TOKEN }));
    const samples = await scrape(gw.metricsUrl ?? '');
    expect(samplesOf(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    const refused = await call(gw.metricsUrl ?? '', 'GET', '/metrics');
    expect(refused.status).toBe(401);
  });
});

describe('a scrape after a few requests and two chat turns (WebSocket, webhook)', () => {
  let gw: TestGateway;
  let provider: FakeUpstream;
  let admin: TestUser;
  let socket: TestSocket;
  let samples: Sample[];

  beforeAll(async () => {
    provider = await startFakeProvider();
    gw = await startTestGateway({ env: { METRICS_TOKEN, WEBHOOK_KEY } });
    admin = await signInTestAdmin(gw);
    await routeChatTo(admin, provider);
    await call(gw.url, 'GET', '/api/v1/health');
    await admin.api('GET', '/sessions/session_nobody_has');
    await call(gw.url, 'POST', '/api/v1/wp-login.php?user=1');
    socket = await TestSocket.open(gw.url, { token: admin.token, query: { session_id: 'session_metrics' } });
    socket.send({ type: 'message', content: '今天天气怎么样?' });
    expect(await socket.next('stream_end')).toMatchObject({ text: '晴,25 度', finish_reason: 'stop' });
    const hooked = await call(gw.url, 'POST', '/api/v1/webhook/generic', {
      body: { platform: 'slack', message: '明天呢?' },
      headers: { 'x-webhook-key': WEBHOOK_KEY },
    });
    expect(hooked.status).toBe(200);
    // The briefing sweep is a standing job: it runs once at start.
    await vi.waitFor(async () => expect(sumOf(await scrape(gw.url), 'cyrene_job_runs_total')).toBe(1), {
      timeout: 10_000,
    });
    samples = await scrape(gw.url);
  });
  afterAll(async () => {
    socket?.ws.close();
    await gw?.close();
    await provider?.close();
  });

  it('times requests by their contract route, method and status', () => {
    const count = (labels: Record<string, string>) =>
      sumOf(samples, 'http_server_request_duration_seconds_count', labels);
    expect(
      count({ http_request_method: 'GET', http_route: '/api/v1/health', http_response_status_code: '200' }),
    ).toBe(1);
    expect(
      count({
        http_request_method: 'GET',
        http_route: '/api/v1/sessions/:id',
        http_response_status_code: '404',
      }),
    ).toBe(1);
    expect(
      count({ http_route: '/api/v1/admin/models/providers/:name', http_response_status_code: '200' }),
    ).toBe(1);
    // A path no route answers gets the one bounded label; no raw URL is ever a label.
    expect(count({ http_route: 'unmatched', http_response_status_code: '404' })).toBe(1);
    const routes = new Set(
      samplesOf(samples, 'http_server_request_duration_seconds_count').map((s) => s.labels.http_route),
    );
    expect([...routes].filter((r) => r?.includes('session_nobody_has') || r?.includes('wp-login'))).toEqual(
      [],
    );
    const sum = sumOf(samples, 'http_server_request_duration_seconds_sum', {
      http_route: '/api/v1/health',
    });
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(60);
  });

  it('counts WebSocket connections and frames by direction and type', () => {
    expect(sumOf(samples, 'cyrene_ws_connections')).toBe(1);
    expect(sumOf(samples, 'cyrene_ws_frames_total', { direction: 'in', type: 'message' })).toBe(1);
    expect(sumOf(samples, 'cyrene_ws_frames_total', { direction: 'out', type: 'stream_start' })).toBe(1);
    expect(sumOf(samples, 'cyrene_ws_frames_total', { direction: 'out', type: 'stream_chunk' })).toBe(2);
    expect(sumOf(samples, 'cyrene_ws_frames_total', { direction: 'out', type: 'stream_end' })).toBe(1);
  });

  it('counts chat turns by door, their attempts and tokens, and times first tokens and wholes', () => {
    const target = { provider: 'fake', model: 'small' };
    expect(sumOf(samples, 'cyrene_chat_turns_total', { door: 'websocket', outcome: 'ok' })).toBe(1);
    expect(sumOf(samples, 'cyrene_chat_turns_total', { door: 'webhook', outcome: 'ok' })).toBe(1);
    expect(sumOf(samples, 'cyrene_chat_attempts_total', { ...target, outcome: 'ok' })).toBe(2);
    expect(sumOf(samples, 'cyrene_chat_tokens_total', { direction: 'input', model: 'small' })).toBe(
      2 * FAKE_USAGE.prompt_tokens,
    );
    expect(sumOf(samples, 'cyrene_chat_tokens_total', { direction: 'output', model: 'small' })).toBe(
      2 * FAKE_USAGE.completion_tokens,
    );
    expect(sumOf(samples, 'cyrene_chat_time_to_first_token_seconds_count', target)).toBe(2);
    expect(sumOf(samples, 'cyrene_chat_duration_seconds_count', { door: 'websocket' })).toBe(1);
    expect(sumOf(samples, 'cyrene_chat_duration_seconds_count', { door: 'webhook' })).toBe(1);
    const ttft = sumOf(samples, 'cyrene_chat_time_to_first_token_seconds_sum', target);
    const whole = sumOf(samples, 'cyrene_chat_duration_seconds_sum');
    expect(ttft).toBeGreaterThan(0);
    expect(whole).toBeGreaterThanOrEqual(ttft);
  });

  it('reports jobs, the database pool, the event loop and the process', () => {
    expect(sumOf(samples, 'cyrene_job_runs_total', { kind: 'briefing.sweep', outcome: 'ok' })).toBe(1);
    expect(sumOf(samples, 'cyrene_job_lag_seconds_count', { kind: 'briefing.sweep' })).toBe(1);
    expect(samplesOf(samples, 'cyrene_jobs_due')).toHaveLength(1);
    expect(sumOf(samples, 'cyrene_jobs_due')).toBeGreaterThanOrEqual(0);
    expect(samplesOf(samples, 'cyrene_db_pool_connections_in_use')).toHaveLength(1);
    expect(samplesOf(samples, 'cyrene_db_pool_requests_waiting')).toHaveLength(1);
    expect(samplesOf(samples, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
    expect(sumOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
