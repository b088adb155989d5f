import { type CallOptions, call, type RawResponse } from '../testing/http';
import type { TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../testing/users';

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
  return caller(gw, 'admin', await signInTestAdmin(gw.url));
}

/** Registers (and signs in) `user_<username>`. */
export async function registerUser(gw: Pick<TestGateway, 'url'>, username: string): Promise<Caller> {
  const user = await registerTestUser(gw.url, username);
  return caller(gw, user.userId, user.token);
}

/** The same caller against another gateway instance (same database, same JWT secret). */
export const onInstance = (gw: Pick<TestGateway, 'url'>, who: Caller): Caller =>
  caller(gw, who.userId, who.token);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An RFC 3339 timestamp as the gateway writes them (toISOString). */
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
