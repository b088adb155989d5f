import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_PASSWORD, type FakeGateway, startFakeGateway } from '../test/fake-gateway';
import { globalFetch } from './http';
import { createRefresher } from './refresh';
import { createMemoryTokenStore, type StoredTokens } from './token-store';

let fake: FakeGateway;
beforeEach(async () => {
  fake = await startFakeGateway();
});
afterEach(() => fake.close());

async function signedIn(): Promise<StoredTokens> {
  const res = await fetch(`${fake.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: FAKE_PASSWORD }),
  });
  return (await res.json()) as StoredTokens;
}

describe('createRefresher', () => {
  it('answers a 401 that arrives after the renewal with the renewed tokens, without a second call', async () => {
    const first = await signedIn();
    const tokens = createMemoryTokenStore(first);
    const refresh = createRefresher({ baseUrl: fake.url, fetch: globalFetch, tokens });

    const renewed = await refresh(first);
    const late = await refresh(first);

    expect(renewed?.token).toBe('access-2');
    expect(late).toEqual(renewed);
    expect(fake.refreshCalls()).toBe(1);
  });

  it('does not refresh when the tokens changed since the request was sent', async () => {
    const current = await signedIn();
    const refresh = createRefresher({
      baseUrl: fake.url,
      fetch: globalFetch,
      tokens: createMemoryTokenStore(current),
    });

    expect(await refresh({ token: 'an-older-token' })).toEqual(current);
    expect(fake.refreshCalls()).toBe(0);
  });

  it('sends the access token when there is no refresh token', async () => {
    const tokens = createMemoryTokenStore({ token: 'access-9' });
    const refresh = createRefresher({ baseUrl: fake.url, fetch: globalFetch, tokens });

    expect(await refresh({ token: 'access-9' })).toBeNull();
    expect(fake.requests.at(-1)).toMatchObject({
      path: '/api/v1/auth/refresh',
      authorization: 'Bearer access-9',
      body: undefined,
    });
    expect(tokens.get()).toBeNull();
  });
});
