import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_PASSWORD, type FakeGateway, startFakeGateway } from '../test/fake-gateway';
import { GatewayError, unwrap } from './errors';
import { createGatewayClient } from './index';
import type { StoredTokens } from './token-store';

let fake: FakeGateway;
let seen: (StoredTokens | null)[];

beforeEach(async () => {
  fake = await startFakeGateway();
  seen = [];
});
afterEach(() => fake.close());

const signedIn = async () => {
  const client = createGatewayClient({ baseUrl: `${fake.url}/`, onTokens: (t) => seen.push(t) });
  await client.login('alice', FAKE_PASSWORD);
  return client;
};
const profileRequests = () => fake.requests.filter((r) => r.path === '/api/v1/profile');

describe('createGatewayClient', () => {
  it('keeps the tokens from login and sends them as a bearer token', async () => {
    const client = await signedIn();
    expect(client.tokens.get()).toEqual({
      token: 'access-1',
      refresh_token: 'refresh-1',
      expires: 2_000_000_000,
    });
    expect(seen).toEqual([client.tokens.get()]);

    const res = await client.rest.auth.getProfile();
    expect(res.status).toBe(200);
    expect(unwrap(res, 200).username).toBe('alice');
    expect(profileRequests().map((r) => r.authorization)).toEqual(['Bearer access-1']);
  });

  it('refreshes once on a 401 and retries the request with the new token', async () => {
    const client = await signedIn();
    fake.expireAccessTokens();

    const profile = unwrap(await client.rest.auth.getProfile(), 200);

    expect(profile.user_id).toBe('user_alice');
    expect(fake.refreshCalls()).toBe(1);
    expect(fake.requests.find((r) => r.path === '/api/v1/auth/refresh')?.body).toEqual({
      refresh_token: 'refresh-1',
    });
    expect(profileRequests().map((r) => r.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(client.tokens.get()?.token).toBe('access-2');
    expect(seen.at(-1)).toEqual({ token: 'access-2', refresh_token: 'refresh-2', expires: 2_000_000_000 });
  });

  it('shares one refresh between concurrent 401s', async () => {
    const client = await signedIn();
    fake.expireAccessTokens();
    fake.refreshDelayMs = 100;

    const results = await Promise.all(Array.from({ length: 5 }, () => client.rest.auth.getProfile()));

    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(fake.refreshCalls()).toBe(1);
    expect(client.tokens.get()?.token).toBe('access-2');
  });

  it('retries only once: a second 401 is returned as it came', async () => {
    const client = await signedIn();
    fake.override('/api/v1/profile', 401, { error: 'Token 无效或已过期', errorType: 'unauthorized' });

    const res = await client.rest.auth.getProfile();

    expect(res.status).toBe(401);
    expect(fake.refreshCalls()).toBe(1);
    expect(profileRequests()).toHaveLength(2);
  });

  it('surfaces a failed refresh as GatewayError 401 and forgets the tokens', async () => {
    const client = await signedIn();
    fake.expireAccessTokens();
    fake.revokeRefreshTokens();

    const error = await client.rest.auth
      .getProfile()
      .then((res) => unwrap(res, 200))
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 401, errorType: 'unauthorized' });
    expect(fake.refreshCalls()).toBe(1);
    expect(client.tokens.get()).toBeNull();
    expect(seen.at(-1)).toBeNull();

    // Signed out now: the next call goes without a token and does not try to refresh again.
    expect((await client.rest.auth.getProfile()).status).toBe(401);
    expect(fake.refreshCalls()).toBe(1);
    expect(profileRequests().at(-1)?.authorization).toBeUndefined();
  });

  it('does not refresh on a failed login, and login throws the spec error', async () => {
    const client = createGatewayClient({ baseUrl: fake.url, token: 'access-0', refreshToken: 'refresh-0' });

    const error = await client.login('alice', 'wrong').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      status: 401,
      message: '用户名或密码错误',
      errorType: 'unauthorized',
      hint: '检查用户名和密码',
    });
    expect(fake.refreshCalls()).toBe(0);
  });

  it('throws GatewayError for a status the route does not declare', async () => {
    const client = createGatewayClient({ baseUrl: fake.url, retry: false });
    fake.override('/api/v1/health', 502, { error: 'Bad Gateway' });

    await expect(client.rest.health.getHealth()).rejects.toMatchObject({ name: 'GatewayError', status: 502 });
  });

  it('sends a token given at construction, through the fetch it was given', async () => {
    const urls: string[] = [];
    const client = createGatewayClient({
      baseUrl: fake.url,
      token: 'access-x',
      fetch: (input, init) => {
        urls.push(input);
        return fetch(input, init);
      },
    });

    expect((await client.rest.health.getHealth()).body).toMatchObject({ service: 'cyrene-gateway' });
    expect(urls).toEqual([`${fake.url}/api/v1/health`]);
    expect(fake.requests[0]?.authorization).toBe('Bearer access-x');

    await client.logout();
    expect(client.tokens.get()).toBeNull();
  });
});
