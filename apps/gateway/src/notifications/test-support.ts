import { type CallOptions, call, type RawResponse } from '../testing/http';
import { TEST_ADMIN, type TestGateway } from '../testing/test-gateway';

/** A signed-in caller of one test gateway. */
export interface Caller {
  userId: string;
  token: string;
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options?: CallOptions,
  ): Promise<RawResponse<T>>;
}

function caller(gw: { url: string }, userId: string, token: string): Caller {
  return {
    userId,
    token,
    api: (method, path, body, options = {}) =>
      call(gw.url, method, `/api/v1${path}`, { token, ...(body === undefined ? {} : { body }), ...options }),
  };
}

export async function signInAdmin(gw: Pick<TestGateway, 'url'>): Promise<Caller> {
  const res = await call<{ token: string }>(gw.url, 'POST', '/api/v1/auth/login', { body: TEST_ADMIN });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.text}`);
  return caller(gw, 'admin', res.body.token);
}

/** Registers (and signs in) `user_<username>`. */
export async function registerUser(gw: Pick<TestGateway, 'url'>, username: string): Promise<Caller> {
  const res = await call<{ token: string; user_id: string }>(gw.url, 'POST', '/api/v1/auth/register', {
    body: {
      username,
      password: `secret-${username}`,
      email: `${username}@example.com`,
      nickname: username,
      verify_code: '000000',
    },
  });
  if (res.status !== 201) throw new Error(`registration of ${username} failed: ${res.text}`);
  return caller(gw, res.body.user_id, res.body.token);
}

/** The same caller against another gateway instance (same database, same JWT secret). */
export const onInstance = (gw: Pick<TestGateway, 'url'>, who: Caller): Caller =>
  caller(gw, who.userId, who.token);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An RFC 3339 timestamp as the gateway writes them (toISOString). */
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
