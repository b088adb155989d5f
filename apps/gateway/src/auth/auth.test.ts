import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { call } from '../testing/http';
import { sameDatabase } from '../testing/test-database';
import { startTestGateway, TEST_ADMIN, type TestGateway } from '../testing/test-gateway';
import { sameSecret } from './service';

const alice = {
  username: 'alice',
  password: 'secret-alice',
  email: 'alice@example.com',
  nickname: 'Alice',
  verify_code: '000000',
};

interface Session {
  user_id: string;
  nickname: string;
  token: string;
  refresh_token: string;
  expires: number;
}

describe('§1 auth', () => {
  let gw: TestGateway;
  const clock = new ManualClock();
  let aliceSession: Session;

  beforeAll(async () => {
    gw = await startTestGateway({ clock });
  });
  afterAll(() => gw.close());

  const post = <T>(path: string, body: unknown, headers?: Record<string, string>) =>
    call<T>(gw.url, 'POST', `/api/v1${path}`, { body, headers });

  describe('POST /auth/register', () => {
    it('creates the user and signs them in (201)', async () => {
      const res = await post<Session>('/auth/register', alice);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        user_id: 'user_alice',
        nickname: 'Alice',
        token: expect.any(String),
        refresh_token: expect.any(String),
        expires: Math.floor(clock.now().getTime() / 1000) + 2 * 60 * 60,
      });
      aliceSession = res.body;
    });

    it.each([
      [{ username: 'a!' }, '用户名格式无效'],
      [{ username: 'ab' }, '用户名格式无效'],
      [{ username: 'x'.repeat(33) }, '用户名格式无效'],
      [{ email: 'no-at-sign' }, '邮箱格式无效'],
      [{ verify_code: '123456' }, '验证码错误'],
      [{ password: '12345' }, '密码长度需为 6-64 个字符'],
    ])('refuses %o with 400 %s', async (change, message) => {
      const res = await post('/auth/register', { ...alice, username: 'bob', ...change });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: message, errorType: 'validation_failed' });
    });

    it('names a missing field', async () => {
      const { nickname: _omitted, ...rest } = alice;
      const res = await post('/auth/register', { ...rest, username: 'carol' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: '昵称长度需为 1-32 个字符',
        hint: expect.stringContaining('nickname'),
      });
    });

    it('answers 409 for a taken name, and for the administrator name', async () => {
      expect((await post('/auth/register', alice)).body).toEqual({
        error: '用户名已被注册',
        errorType: 'conflict',
      });
      const res = await post('/auth/register', { ...alice, username: TEST_ADMIN.username });
      expect(res.status).toBe(409);
    });

    it('answers 409 for another spelling of a taken name; login stays case-sensitive', async () => {
      const upper = await post('/auth/register', { ...alice, username: 'ALICE', email: 'upper@example.com' });
      expect(upper.status).toBe(409);
      expect(upper.body).toEqual({ error: '用户名已被注册', errorType: 'conflict' });
      expect((await post('/auth/register', { ...alice, username: 'Alice' })).status).toBe(409);
      const login = await post('/auth/login', { username: 'ALICE', password: alice.password });
      expect(login.status).toBe(401);
      expect((await post('/auth/login', { username: 'alice', password: alice.password })).status).toBe(200);
    });

    it('is closed (403) unless REGISTRATION_ENABLED, before looking at the body', async () => {
      const closed = await startTestGateway({ env: { REGISTRATION_ENABLED: 'false' } });
      try {
        const res = await call(closed.url, 'POST', '/api/v1/auth/register', { body: { username: '!' } });
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ error: '当前不开放公开注册', errorType: 'forbidden' });
      } finally {
        await closed.close();
      }
    });
  });

  describe('POST /auth/login', () => {
    it('signs the administrator in from the configuration', async () => {
      const res = await post<Session>('/auth/login', TEST_ADMIN);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        user_id: 'admin',
        nickname: '管理员',
        token: expect.any(String),
        refresh_token: expect.any(String),
        expires: expect.any(Number),
      });
    });

    it('signs a user in against the stored argon2id hash', async () => {
      const res = await post<Session>('/auth/login', { username: 'alice', password: alice.password });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ user_id: 'user_alice', nickname: 'Alice' });
    });

    it.each([
      ['a wrong user password', { username: 'alice', password: 'wrong-password' }],
      ['an unknown user', { username: 'nobody', password: 'whatever1' }],
      ['a wrong admin password', { username: TEST_ADMIN.username, password: 'nope-nope' }],
    ])('answers 401 for %s', async (_case, body) => {
      const res = await post('/auth/login', body);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: '用户名或密码错误', errorType: 'unauthorized' });
    });

    it('answers 400 用户名格式无效 for a malformed or missing username', async () => {
      for (const body of [{ username: 'a b', password: 'x' }, { password: 'x' }]) {
        const res = await post('/auth/login', body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: '用户名格式无效' });
      }
    });

    it('refuses the administrator when no ADMIN_PASSWORD is configured', async () => {
      const bare = await startTestGateway({ env: { ADMIN_PASSWORD: '' } });
      try {
        const res = await call(bare.url, 'POST', '/api/v1/auth/login', {
          body: { username: 'admin', password: '' },
        });
        expect(res.status).toBe(400);
        const res2 = await call(bare.url, 'POST', '/api/v1/auth/login', {
          body: { username: 'admin', password: 'x' },
        });
        expect(res2.status).toBe(401);
      } finally {
        await bare.close();
      }
    });
  });

  describe('GET /profile', () => {
    it('describes a user', async () => {
      const res = await call(gw.url, 'GET', '/api/v1/profile', { token: aliceSession.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        user_id: 'user_alice',
        username: 'alice',
        nickname: 'Alice',
        is_admin: false,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      });
    });

    it('describes the administrator', async () => {
      const { body } = await post<Session>('/auth/login', TEST_ADMIN);
      const res = await call(gw.url, 'GET', '/api/v1/profile', { token: body.token });
      expect(res.body).toEqual({
        user_id: 'admin',
        username: 'admin',
        nickname: '管理员',
        is_admin: true,
        created_at: expect.any(String),
      });
    });

    it('answers 401 without a token, and with a bad one', async () => {
      const none = await call(gw.url, 'GET', '/api/v1/profile');
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ error: '未提供认证令牌', errorType: 'unauthorized' });
      const bad = await call(gw.url, 'GET', '/api/v1/profile', { token: 'not.a.jwt' });
      expect(bad.status).toBe(401);
      expect(bad.body).toMatchObject({ error: '认证令牌无效或已过期' });
      const refreshAsAccess = await call(gw.url, 'GET', '/api/v1/profile', {
        token: aliceSession.refresh_token,
      });
      expect(refreshAsAccess.status).toBe(401);
    });
  });

  describe('POST /auth/refresh', () => {
    it('rotates: a refresh token is good once, and reusing it revokes the whole login', async () => {
      const { body: login } = await post<Session>('/auth/login', {
        username: 'alice',
        password: alice.password,
      });
      const first = await post<Session>('/auth/refresh', { refresh_token: login.refresh_token });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        token: expect.any(String),
        refresh_token: expect.any(String),
        expires: expect.any(Number),
      });
      expect(first.body.refresh_token).not.toBe(login.refresh_token);

      const reuse = await post('/auth/refresh', { refresh_token: login.refresh_token });
      expect(reuse.status).toBe(401);
      expect(reuse.body).toEqual({ error: '刷新令牌无效或已过期', errorType: 'unauthorized' });
      // The thief's reuse also shuts out the rotated token, and the access-token path of that login.
      expect((await post('/auth/refresh', { refresh_token: first.body.refresh_token })).status).toBe(401);
      const viaAccess = await post('/auth/refresh', undefined, {
        authorization: `Bearer ${first.body.token}`,
      });
      expect(viaAccess.status).toBe(401);
    });

    it('accepts an expired access token in Authorization', async () => {
      const { body: login } = await post<Session>('/auth/login', {
        username: 'alice',
        password: alice.password,
      });
      clock.advance(3 * 60 * 60 * 1000);
      expect((await call(gw.url, 'GET', '/api/v1/profile', { token: login.token })).status).toBe(401);
      const res = await post<Session>('/auth/refresh', {}, { authorization: `Bearer ${login.token}` });
      expect(res.status).toBe(200);
      expect((await call(gw.url, 'GET', '/api/v1/profile', { token: res.body.token })).status).toBe(200);
    });

    const refreshWithAccess = (token: string) =>
      post<Session>('/auth/refresh', {}, { authorization: `Bearer ${token}` });
    const loginAlice = async () =>
      (await post<Session>('/auth/login', { username: 'alice', password: alice.password })).body;
    const REFUSED = { error: '刷新令牌无效或已过期', errorType: 'unauthorized' };
    const DAY_MS = 24 * 60 * 60 * 1000;

    it('refuses an access token that expired 200 days ago', async () => {
      const login = await loginAlice();
      clock.advance(200 * DAY_MS);
      const res = await refreshWithAccess(login.token);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(REFUSED);
    });

    it('refuses an access token past its 7-day window, though its refresh token is still good', async () => {
      const login = await loginAlice();
      clock.advance(2 * 60 * 60 * 1000 + 7 * DAY_MS + 1000);
      expect((await refreshWithAccess(login.token)).body).toEqual(REFUSED);
      expect((await post('/auth/refresh', { refresh_token: login.refresh_token })).status).toBe(200);
    });

    it('lets an access token continue its login once: a second use is refused and ends the login', async () => {
      const login = await loginAlice();
      clock.advance(3 * 60 * 60 * 1000);
      const first = await refreshWithAccess(login.token);
      expect(first.status).toBe(200);
      const second = await refreshWithAccess(login.token);
      expect(second.status).toBe(401);
      expect(second.body).toEqual(REFUSED);
      // Someone replayed a spent token: the login it belonged to is over, as on refresh-token reuse.
      expect((await post('/auth/refresh', { refresh_token: first.body.refresh_token })).body).toEqual(
        REFUSED,
      );
    });

    it('refuses an access token whose login already moved on with its refresh token', async () => {
      const login = await loginAlice();
      expect((await post('/auth/refresh', { refresh_token: login.refresh_token })).status).toBe(200);
      expect((await refreshWithAccess(login.token)).body).toEqual(REFUSED);
    });

    it('refuses a genuine token without exp, for requests and for refresh', async () => {
      const login = await loginAlice();
      const { exp: _dropped, ...claims } = decodeJwt(login.token);
      const secret = new TextEncoder().encode(gw.config.jwtSecret);
      const endless = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret);
      const res = await call(gw.url, 'GET', '/api/v1/profile', { token: endless });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: '认证令牌无效或已过期', errorType: 'unauthorized' });
      expect((await refreshWithAccess(endless)).body).toEqual(REFUSED);
      // The same claims with their exp are accepted: only the missing exp was refused.
      const withExp = await new SignJWT({ ...claims, exp: _dropped })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(secret);
      expect((await call(gw.url, 'GET', '/api/v1/profile', { token: withExp })).status).toBe(200);
    });

    it('answers 401 with no token at all, and for a forged one', async () => {
      const none = await post('/auth/refresh', {});
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ error: '未提供认证令牌', errorType: 'unauthorized' });
      const forged = await post('/auth/refresh', { refresh_token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' });
      expect(forged.body).toEqual({ error: '刷新令牌无效或已过期', errorType: 'unauthorized' });
    });

    it('refuses a refresh token past its 30 days', async () => {
      const { body: login } = await post<Session>('/auth/login', TEST_ADMIN);
      clock.advance(31 * 24 * 60 * 60 * 1000);
      expect((await post('/auth/refresh', { refresh_token: login.refresh_token })).status).toBe(401);
    });
  });

  describe('what ends a login', () => {
    const profile = (url: string, token: string) => call(url, 'GET', '/api/v1/profile', { token });
    const refresh = (url: string, refresh_token: string) =>
      call(url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token } });

    it('cyrene user:reset-password: every access and refresh token of that user, at once, on every instance', async () => {
      await post('/auth/register', { ...alice, username: 'dora', email: 'dora@example.com' });
      const login = (await post<Session>('/auth/login', { username: 'dora', password: alice.password })).body;
      const other = (await post<Session>('/auth/login', { username: 'alice', password: alice.password }))
        .body;
      expect((await profile(gw.url, login.token)).status).toBe(200);
      // The reset runs elsewhere (the CLI's process, here a second instance on the same database).
      const second = await startTestGateway({ clock, database: sameDatabase(gw.database) });
      try {
        await second.services.auth.resetPassword('dora', 'brand-new-password');
      } finally {
        await second.close();
      }
      const refused = await profile(gw.url, login.token);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: '登录已失效,请重新登录', errorType: 'unauthorized' });
      expect((await refresh(gw.url, login.refresh_token)).status).toBe(401);
      expect((await post('/auth/refresh', {}, { authorization: `Bearer ${login.token}` })).status).toBe(401);
      // Another user is untouched, and the new password signs dora in again.
      expect((await profile(gw.url, other.token)).status).toBe(200);
      const again = await post<Session>('/auth/login', { username: 'dora', password: 'brand-new-password' });
      expect((await profile(gw.url, again.body.token)).status).toBe(200);
      expect((await refresh(gw.url, again.body.refresh_token)).status).toBe(200);
    });

    it('a changed ADMIN_PASSWORD or ADMIN_USERNAME: every admin login from before, at the next start', async () => {
      const before = (await post<Session>('/auth/login', TEST_ADMIN)).body;
      const restart = (env: Record<string, string>) =>
        startTestGateway({ clock, env, database: sameDatabase(gw.database) });
      const same = await restart({});
      const newPassword = await restart({ ADMIN_PASSWORD: 'another-admin-password' });
      const newName = await restart({ ADMIN_USERNAME: 'root' });
      try {
        // Restarted with the same settings, the login goes on.
        expect((await profile(same.url, before.token)).status).toBe(200);
        for (const changed of [newPassword, newName]) {
          expect((await profile(changed.url, before.token)).status).toBe(401);
          expect((await refresh(changed.url, before.refresh_token)).status).toBe(401);
          const viaAccess = await call(changed.url, 'POST', '/api/v1/auth/refresh', {
            headers: { authorization: `Bearer ${before.token}` },
            body: {},
          });
          expect(viaAccess.status).toBe(401);
        }
        // The new credentials sign in, and their tokens work there.
        const fresh = await call<Session>(newPassword.url, 'POST', '/api/v1/auth/login', {
          body: { username: 'admin', password: 'another-admin-password' },
        });
        expect((await profile(newPassword.url, fresh.body.token)).status).toBe(200);
        expect((await profile(same.url, fresh.body.token)).status).toBe(401);
      } finally {
        await Promise.all([same.close(), newPassword.close(), newName.close()]);
      }
    });

    it('compares the admin password whatever the lengths, without answering early', () => {
      expect(sameSecret('admin-password-for-tests', 'admin-password-for-tests')).toBe(true);
      expect(sameSecret('admin-password-for-test', 'admin-password-for-tests')).toBe(false);
      expect(sameSecret('', 'admin-password-for-tests')).toBe(false);
      expect(sameSecret('a'.repeat(10_000), 'admin-password-for-tests')).toBe(false);
      expect(sameSecret('管理员密码', '管理员密码')).toBe(true);
    });
  });
});
