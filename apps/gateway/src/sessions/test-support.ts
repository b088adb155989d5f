import { expect } from 'vitest';
import { call } from '../testing/http';
import { TEST_ADMIN, type TestGateway } from '../testing/test-gateway';

/** A signed-in caller of a test gateway. */
export interface TestUser {
  userId: string;
  token: string;
}

/** Registers `name` (through the API, as a client would) and returns their token. */
export async function signUp(gw: TestGateway, name: string): Promise<TestUser> {
  const res = await call<{ user_id: string; token: string }>(gw.url, 'POST', '/api/v1/auth/register', {
    body: {
      username: name,
      password: `secret-${name}`,
      email: `${name}@example.com`,
      nickname: name,
      verify_code: '000000',
    },
  });
  expect(res.status).toBe(201);
  return { userId: res.body.user_id, token: res.body.token };
}

export async function signInAdmin(gw: TestGateway): Promise<TestUser> {
  const res = await call<{ user_id: string; token: string }>(gw.url, 'POST', '/api/v1/auth/login', {
    body: TEST_ADMIN,
  });
  expect(res.status).toBe(200);
  return { userId: res.body.user_id, token: res.body.token };
}
