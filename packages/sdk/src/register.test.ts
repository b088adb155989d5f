import { startTestGateway, type TestGateway } from '@cyrene/gateway/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayClient, GatewayError, type StoredTokens, unwrap } from './index';

const ALICE = {
  username: 'alice',
  password: 'secret-alice',
  email: 'alice@example.com',
  nickname: 'Alice',
  verify_code: '000000',
};

describe('register()', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.close());

  it('creates the account and signs in with it, like login()', async () => {
    const seen: Array<StoredTokens | null> = [];
    const client = createGatewayClient({ baseUrl: gw.url, onTokens: (tokens) => seen.push(tokens) });
    const session = await client.register(ALICE);
    expect(session.user_id).toBe('user_alice');
    expect(client.tokens.get()?.token).toBe(session.token);
    expect(seen).toEqual([
      { token: session.token, refresh_token: session.refresh_token, expires: session.expires },
    ]);
    const profile = unwrap(await client.rest.auth.getProfile(), 200);
    expect(profile).toMatchObject({ user_id: 'user_alice', nickname: 'Alice', is_admin: false });
  });

  it("throws the gateway's error and keeps no tokens when it refuses", async () => {
    const client = createGatewayClient({ baseUrl: gw.url });
    const error = await client.register(ALICE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).status).toBe(409);
    expect(client.tokens.get()).toBeNull();
  });
});
