import { call } from './http';
import { TEST_ADMIN } from './test-gateway';

/** A registered test user: `user_<username>`, with the password `secret-<username>`. */
export interface TestUser {
  userId: string;
  token: string;
}

/** Registers (and so signs in) `user_<username>` through POST /auth/register. */
export async function registerTestUser(baseUrl: string, username: string): Promise<TestUser> {
  const res = await call<{ token: string; user_id: string }>(baseUrl, 'POST', '/api/v1/auth/register', {
    body: {
      username,
      password: `secret-${username}`,
      email: `${username}@example.com`,
      nickname: username,
      verify_code: '000000',
    },
  });
  if (res.status !== 201) throw new Error(`registering ${username} failed: ${res.status} ${res.text}`);
  return { userId: res.body.user_id, token: res.body.token };
}

/** The administrator's access token (TEST_ADMIN through POST /auth/login). */
export async function signInTestAdmin(baseUrl: string): Promise<string> {
  const res = await call<{ token: string }>(baseUrl, 'POST', '/api/v1/auth/login', { body: TEST_ADMIN });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${res.text}`);
  return res.body.token;
}
