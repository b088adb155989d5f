import { gzipSync } from 'node:zlib';
import { MAX_JSON_DEPTH } from '@cyrene/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../testing/http';
import { startTestGateway, TEST_ADMIN, type TestGateway } from '../testing/test-gateway';
import { registerTestUser } from '../testing/users';

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

describe('input outside the contract, refused at the edge with a 400 naming the field', () => {
  let gw: TestGateway;
  let token: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    token = (await registerTestUser(gw.url, 'edgecases')).token;
  });
  afterAll(() => gw.close());

  it.each(['%ZZ', '%', '%E0%A4%A', '%C0%AF', '%FF%FE'])(
    'a path parameter that is not percent-encoding: %s',
    async (id) => {
      const res = await call(gw.url, 'GET', `/api/v1/sessions/${id}`, { token });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: '路径参数 id 不是有效的 URL 编码',
        errorType: 'validation_failed',
        hint: `GET /api/v1/sessions/${id}`,
      });
    },
  );

  it('NUL in a path parameter, a query value and a body field at any depth', async () => {
    const path = await call(gw.url, 'DELETE', '/api/v1/sessions/a%00b', { token });
    expect(path.status).toBe(400);
    expect(path.body).toMatchObject({
      error: '路径参数 id 不能包含 NUL (\\u0000) 字符',
      errorType: 'validation_failed',
    });

    const query = await call(gw.url, 'GET', '/api/v1/messages/search?q=a%00b', { token });
    expect(query.status).toBe(400);
    expect(query.body).toEqual({
      error: '字段 q 无效: 不能包含 NUL (\\u0000) 字符',
      errorType: 'validation_failed',
    });

    const body = await call(gw.url, 'POST', '/api/v1/notifications/push', {
      token,
      body: {
        user_id: 'user_edgecases',
        type: 'system',
        title: 't',
        body: 'b',
        data: { list: [{ note: 'a\u0000b' }] },
      },
    });
    expect(body.status).toBe(400);
    expect(body.body).toEqual({
      error: '字段 data.list.0.note 无效: 不能包含 NUL (\\u0000) 字符',
      errorType: 'validation_failed',
    });
    const stored = await call<{ notifications: unknown[] }>(gw.url, 'GET', '/api/v1/notifications', {
      token,
    });
    expect(stored.body.notifications).toEqual([]);
  });

  it(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, async () => {
    const deep = `{"user_id":"user_edgecases","type":"system","title":"t","body":"b","data":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    const res = await call(gw.url, 'POST', '/api/v1/notifications/push', { token, rawBody: deep });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: expect.stringContaining(`JSON 嵌套超过 ${MAX_JSON_DEPTH} 层`),
      errorType: 'validation_failed',
    });
  });

  it('integers beyond what the database holds, with the bound in the message', async () => {
    for (const query of ['offset=99999999999999999999', 'offset=2147483648']) {
      const res = await call(gw.url, 'GET', `/api/v1/reminders?${query}`, { token });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: '不能大于 2147483647',
        errorType: 'validation_failed',
        hint: 'offset: 不能大于 2147483647',
      });
    }
    const page = await call(gw.url, 'GET', '/api/v1/files?page=99999999999999999999', { token });
    expect(page.status).toBe(400);
  });

  it('a body that does not decompress → 400; an encoding the gateway does not speak → 415', async () => {
    const headers = { 'content-type': 'application/json' };
    const broken = await call(gw.url, 'POST', '/api/v1/auth/login', {
      rawBody: 'not gzip at all',
      headers: { ...headers, 'content-encoding': 'gzip' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({
      error: '请求无法解析',
      errorType: 'validation_failed',
      hint: 'incorrect header check',
    });
    const cut = await fetch(`${gw.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { ...headers, 'content-encoding': 'gzip' },
      body: new Uint8Array(gzipSync(JSON.stringify(TEST_ADMIN)).subarray(0, 15)),
    });
    expect(cut.status).toBe(400);
    const unknown = await call(gw.url, 'POST', '/api/v1/auth/login', {
      rawBody: '{}',
      headers: { ...headers, 'content-encoding': 'compress' },
    });
    expect(unknown.status).toBe(415);
    expect(unknown.body).toMatchObject({
      error: '不支持的请求体编码',
      errorType: 'unsupported_media_type',
    });
  });

  it('a request Node itself refuses (headers over 16 KB) is still JSON in the spec shape', async () => {
    const res = await call(gw.url, 'GET', `/api/v1/health?pad=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ error: '请求头过大', errorType: 'payload_too_large' });
  });
});
