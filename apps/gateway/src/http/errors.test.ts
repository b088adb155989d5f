import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../testing/http';
import { startTestGateway, TEST_ADMIN, type TestGateway } from '../testing/test-gateway';

describe('errors, in the spec format', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { JSON_BODY_LIMIT: '1kb' } });
  });
  afterAll(() => gw.close());

  it('malformed JSON → 400', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/auth/login', { rawBody: '{"username": "admin",' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: '请求体不是有效的 JSON',
      errorType: 'validation_failed',
      hint: expect.any(String),
    });
  });

  it('a body over its limit → 413', async () => {
    const res = await call(gw.url, 'POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: 'x'.repeat(4096) },
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: '请求体过大', errorType: 'payload_too_large' });
  });

  it('an unknown path → 404', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/no/such/thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: '接口不存在',
      errorType: 'not_found',
      hint: 'GET /api/v1/no/such/thing',
    });
  });

  it('every response carries a request id; a caller-given one is echoed', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/health', { headers: { 'x-request-id': 'trace-42' } });
    expect(res.headers.get('x-request-id')).toBe('trace-42');
    const other = await call(gw.url, 'GET', '/api/v1/health');
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an unexpected failure → 500 with a generic message and the request id, never a stack', async () => {
    const { body } = await call<{ token: string }>(gw.url, 'POST', '/api/v1/auth/login', {
      body: TEST_ADMIN,
    });
    // A table gone from under the gateway: the query fails in a way no handler expects.
    await sql`drop table refresh_tokens`.execute(gw.database.db);
    const res = await call(gw.url, 'POST', '/api/v1/auth/refresh', {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: '服务器内部错误',
      errorType: 'internal_error',
      request_id: res.headers.get('x-request-id'),
    });
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers CORS preflights before routing', async () => {
    const res = await fetch(`${gw.url}/api/v1/profile`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example', 'access-control-request-headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization');
  });
});
