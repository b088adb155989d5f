import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../db/database';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser } from '../testing/users';

/**
 * A gateway whose PostgreSQL server does not answer (port 1 on loopback: nothing listens there,
 * as while the server is stopped). What needs the database answers 503 with Retry-After, in the
 * spec's error shape; nothing answers 500. The outage of a real server, with the gateway running
 * through it, is in db/outage.test.ts.
 */
describe('while the database is unreachable', () => {
  let healthy: TestGateway;
  let down: TestGateway;
  let token: string;

  beforeAll(async () => {
    healthy = await startTestGateway();
    // Both gateways sign with the test secret: a token from the healthy one is valid on the other.
    token = (await registerTestUser(healthy.url, 'outage')).token;
    down = await startTestGateway({ database: openPostgres('postgres://cyrene@127.0.0.1:1/cyrene', 1) });
  });
  afterAll(async () => {
    await down?.close();
    await healthy?.close();
  });

  const unavailable = {
    error: '数据库暂不可用',
    errorType: 'service_unavailable',
    hint: '请稍后重试',
  };

  it.each([
    ['POST', '/api/v1/auth/login', { body: { username: 'user_outage', password: 'secret-outage' } }],
    ['GET', '/api/v1/sessions', {}],
    [
      'POST',
      '/api/v1/notifications/push',
      { body: { user_id: 'user_outage', type: 'info', title: 't', body: 'b' } },
    ],
    ['GET', '/api/v1/reminders', {}],
  ] as const)('%s %s answers 503 service_unavailable with Retry-After', async (method, path, options) => {
    const res = await call(down.url, method, path, { token, ...options });
    expect(res.status).toBe(503);
    expect(res.body).toEqual(unavailable);
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it('tRPC answers the same 503 and body', async () => {
    const res = await call(down.url, 'GET', '/trpc/sessions.listSessions', { token });
    expect(res.status).toBe(503);
    expect(res.text).toContain('数据库暂不可用');
    expect(res.headers.get('retry-after')).toBe('5');
  });
});
