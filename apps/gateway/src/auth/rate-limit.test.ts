import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { call } from '../testing/http';
import { sameDatabase } from '../testing/test-database';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';

const wrong = { username: 'admin', password: 'wrong-password' };

describe('IP rate limit on register and login (~5/min)', () => {
  let gw: TestGateway;
  afterEach(() => gw.close());

  const login = (headers: Record<string, string> = {}) =>
    call(gw.url, 'POST', '/api/v1/auth/login', { body: wrong, headers });

  it('answers the sixth attempt in a minute with 429 and Retry-After', async () => {
    gw = await startTestGateway({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '5' } });
    for (let i = 0; i < 5; i++) expect((await login()).status).toBe(401);
    const res = await login();
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ error: '请求过于频繁,请稍后再试', errorType: 'rate_limited' });
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Register shares the budget of the address.
    expect((await call(gw.url, 'POST', '/api/v1/auth/register', { body: {} })).status).toBe(429);
  });

  it('keys on the peer address: X-Forwarded-For does not buy more attempts', async () => {
    gw = await startTestGateway({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '5' } });
    for (let i = 0; i < 5; i++) await login({ 'x-forwarded-for': `10.0.0.${i}` });
    expect((await login({ 'x-forwarded-for': '10.9.9.9' })).status).toBe(429);
  });

  it('reads X-Forwarded-For only when TRUST_PROXY says so', async () => {
    gw = await startTestGateway({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'true' } });
    for (let i = 0; i < 5; i++) await login({ 'x-forwarded-for': '203.0.113.7' });
    expect((await login({ 'x-forwarded-for': '203.0.113.7' })).status).toBe(429);
    expect((await login({ 'x-forwarded-for': '203.0.113.8' })).status).toBe(401);
  });
});

describe.runIf(process.env.DATABASE_URL)('the login limit across instances (PostgreSQL)', () => {
  const env = { AUTH_RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'true' };
  const attempt = (gw: TestGateway, address: string) =>
    call(gw.url, 'POST', '/api/v1/auth/login', { body: wrong, headers: { 'x-forwarded-for': address } });

  it('two instances on one database share one budget per address, and past windows are pruned', async () => {
    const clock = new ManualClock(new Date('2026-03-01T10:00:05Z'));
    const a = await startTestGateway({ clock, env });
    const b = await startTestGateway({ clock, env, database: sameDatabase(a.database) });
    try {
      for (let i = 0; i < 3; i++) expect((await attempt(a, '203.0.113.7')).status).toBe(401);
      for (let i = 0; i < 2; i++) expect((await attempt(b, '203.0.113.7')).status).toBe(401);
      // Five attempts in all: the sixth is refused on either instance.
      expect((await attempt(a, '203.0.113.7')).status).toBe(429);
      expect((await attempt(b, '203.0.113.7')).status).toBe(429);
      expect((await attempt(b, '203.0.113.9')).status).toBe(401);

      clock.advance(60_000);
      expect((await attempt(b, '203.0.113.8')).status).toBe(401);
      // The first attempt of a new window deletes the rows of the past one.
      await expect
        .poll(async () =>
          (await a.database.db.selectFrom('auth_rate_limits').select('key').execute()).map((r) => r.key),
        )
        .toEqual(['203.0.113.8']);
      expect((await attempt(a, '203.0.113.7')).status).toBe(401);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
