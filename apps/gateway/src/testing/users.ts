import { type CallOptions, call, type RawResponse } from './http';
import { TEST_ADMIN } from './test-gateway';

/** A gateway to talk to: a test gateway (or anything with its `url`), or the URL itself. */
export type GatewayAddress = string | { url: string };

const urlOf = (gateway: GatewayAddress): string => (typeof gateway === 'string' ? gateway : gateway.url);

/**
 * The one shape of a signed-in caller in tests: a registered user (`user_<username>`, password
 * `secret-<username>`) or the administrator.
 */
export interface TestUser {
  userId: string;
  token: string;
  /** A raw `/api/v1` call as this caller, for tests that assert the exact status and body. */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options?: CallOptions,
  ): Promise<RawResponse<T>>;
}

/** The same caller (same token) against `gateway`, e.g. another instance on the same database. */
export function onInstance(gateway: GatewayAddress, user: Pick<TestUser, 'userId' | 'token'>): TestUser {
  const url = urlOf(gateway);
  const { userId, token } = user;
  return {
    userId,
    token,
    api: (method, path, body, options = {}) =>
      call(url, method, `/api/v1${path}`, { token, ...(body === undefined ? {} : { body }), ...options }),
  };
}

/** Registers (and so signs in) `user_<username>` through POST /auth/register, as a client would. */
export async function registerTestUser(gateway: GatewayAddress, username: string): Promise<TestUser> {
  const res = await call<{ token: string; user_id: string }>(
    urlOf(gateway),
    'POST',
    '/api/v1/auth/register',
    {
      body: {
        username,
        password: `secret-${username}`,
        email: `${username}@example.com`,
        nickname: username,
        verify_code: '000000',
      },
    },
  );
  if (res.status !== 201) throw new Error(`registering ${username} failed: ${res.status} ${res.text}`);
  return onInstance(gateway, { userId: res.body.user_id, token: res.body.token });
}

/** The administrator (TEST_ADMIN), signed in through POST /auth/login. */
export async function signInTestAdmin(gateway: GatewayAddress): Promise<TestUser> {
  const res = await call<{ token: string; user_id: string }>(urlOf(gateway), 'POST', '/api/v1/auth/login', {
    body: TEST_ADMIN,
  });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${res.text}`);
  return onInstance(gateway, { userId: res.body.user_id, token: res.body.token });
}
