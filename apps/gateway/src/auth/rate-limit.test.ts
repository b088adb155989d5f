import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../testing/http';
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
