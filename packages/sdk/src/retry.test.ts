import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGateway, startFakeGateway } from '../test/fake-gateway';
import { createGatewayClient } from './index';
import { createMemoryTokenStore } from './token-store';
import { createTransport, retryDelayMs } from './transport';

let fake: FakeGateway;
beforeEach(async () => {
  fake = await startFakeGateway();
});
afterEach(() => fake.close());

const fast = { retries: 2, initialDelayMs: 1, maxDelayMs: 20 };
const requestsTo = (path: string) => fake.requests.filter((r) => r.path === path);

describe('retries on 502/503', () => {
  it('retries a GET until it passes', async () => {
    const client = createGatewayClient({ baseUrl: fake.url, retry: fast });
    fake.failNext('/api/v1/health', 503, 2);

    const res = await client.rest.health.getHealth();

    expect(res.status).toBe(200);
    expect(requestsTo('/api/v1/health')).toHaveLength(3);
  });

  it('gives up after the bounded number of retries', async () => {
    const client = createGatewayClient({ baseUrl: fake.url, retry: fast });
    fake.failNext('/api/v1/health', 502, 5);

    // 502 is not a status /health declares, so the last answer is thrown as it came.
    await expect(client.rest.health.getHealth()).rejects.toMatchObject({ name: 'GatewayError', status: 502 });
    expect(requestsTo('/api/v1/health')).toHaveLength(3);
  });

  it('retries PUT and DELETE, which are idempotent too', async () => {
    const client = createGatewayClient({ baseUrl: fake.url, token: 'access-x', retry: fast });
    fake.failNext('/api/v1/sessions/s1', 503, 1);
    fake.failNext('/api/v1/reminders/r1', 503, 1);

    expect((await client.rest.sessions.deleteSession({ params: { id: 's1' } })).status).toBe(404);
    const put = await client.rest.reminders.updateReminder({ params: { id: 'r1' }, body: { title: 't' } });
    expect(put.status).toBe(404);
    expect(requestsTo('/api/v1/sessions/s1').map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
    expect(requestsTo('/api/v1/reminders/r1').map((r) => r.method)).toEqual(['PUT', 'PUT']);
  });

  it('never repeats a POST', async () => {
    const client = createGatewayClient({ baseUrl: fake.url, token: 'access-x', retry: fast });
    fake.failNext('/api/v1/sessions', 503, 1);

    await expect(client.rest.sessions.createSession({ body: {} })).rejects.toMatchObject({ status: 503 });
    expect(requestsTo('/api/v1/sessions')).toHaveLength(1);
  });

  it('is off with retry: false', async () => {
    const client = createGatewayClient({ baseUrl: fake.url, retry: false });
    fake.failNext('/api/v1/health', 503, 1);

    await expect(client.rest.health.getHealth()).rejects.toMatchObject({ status: 503 });
    expect(requestsTo('/api/v1/health')).toHaveLength(1);
  });

  it('waits what Retry-After asks, within maxDelayMs', async () => {
    const waits: number[] = [];
    const transport = createTransport({
      fetch: (url, init) => fetch(url, init),
      tokens: createMemoryTokenStore(),
      refresh: async () => null,
      retry: { retries: 1, maxDelayMs: 150 },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    fake.failNext('/api/v1/health', 503, 1, { 'retry-after': '1' });

    const res = await transport.send({ url: `${fake.url}/api/v1/health`, method: 'GET', headers: {} });

    expect(res.status).toBe(200);
    expect(waits).toEqual([150]); // the 1 s asked for, cut to maxDelayMs
    expect(requestsTo('/api/v1/health')).toHaveLength(2);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the initial delay, with jitter, up to the cap', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 300 };
    for (let i = 0; i < 20; i++) {
      expect(retryDelayMs(0, null, options)).toBeGreaterThanOrEqual(50);
      expect(retryDelayMs(0, null, options)).toBeLessThanOrEqual(100);
      expect(retryDelayMs(1, null, options)).toBeGreaterThanOrEqual(100);
      expect(retryDelayMs(5, null, options)).toBeLessThanOrEqual(300);
    }
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryDelayMs(0, '2', { maxDelayMs: 10_000 })).toBe(2000);
    expect(retryDelayMs(0, '30', { maxDelayMs: 5000 })).toBe(5000);
    const inOneSecond = new Date(Date.now() + 1000).toUTCString();
    expect(retryDelayMs(0, inOneSecond, { maxDelayMs: 10_000 })).toBeLessThanOrEqual(1000);
  });
});
