import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin, type TestUser } from '../testing/users';

const NOT_FOUND = {
  error: '会话不存在',
  errorType: 'session_not_found',
  hint: '该会话可能已被删除或尚未创建',
};
const FORBIDDEN = {
  error: '无权操作其他用户的数据',
  errorType: 'forbidden',
  hint: '普通用户只能指定自己的 user_id',
};
const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);

describe('§3 sessions', () => {
  let gw: TestGateway;
  const clock = new ManualClock(T0);
  let admin: TestUser;
  let users = 0;

  beforeAll(async () => {
    gw = await startTestGateway({ clock });
    admin = await signInTestAdmin(gw);
  });
  afterAll(() => gw.close());

  /** A user of this test only: each test sets up what it reads, so any one runs alone. */
  const newUser = () => registerTestUser(gw, `person${++users}`);

  const api = <T>(who: TestUser | undefined, method: string, path: string, body?: unknown) =>
    call<T>(gw.url, method, `/api/v1${path}`, { token: who?.token, body });

  /** Stores a message the way chat does, a minute after the last one; answers it with its time. */
  const say = async (who: TestUser, sessionId: string, role: 'user' | 'assistant', content: string) => {
    clock.advance(60_000);
    const message = await gw.services.sessions.appendMessage({
      sessionId,
      userId: who.userId,
      role,
      content,
    });
    return { ...message, at: clock.now().getTime() };
  };

  describe('POST /sessions', () => {
    it('accepts no body at all: defaults, a generated id, the caller as owner (201)', async () => {
      const alice = await newUser();
      const res = await call(gw.url, 'POST', '/api/v1/sessions', { token: alice.token });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^session_[a-z0-9]{12}$/),
        user_id: alice.userId,
        title: '新的对话',
        is_main: false,
        created_at: clock.now().getTime(),
        updated_at: clock.now().getTime(),
      });
    });

    it('accepts an empty JSON body too', async () => {
      const res = await api(await newUser(), 'POST', '/sessions', {});
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ title: '新的对话', is_main: false });
    });

    it('takes a given id, title and is_main', async () => {
      const alice = await newUser();
      const res = await api(alice, 'POST', '/sessions', {
        session_id: 'given-main',
        title: '旅行计划',
        is_main: true,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: 'given-main',
        user_id: alice.userId,
        title: '旅行计划',
        is_main: true,
        created_at: clock.now().getTime(),
        updated_at: clock.now().getTime(),
      });
    });

    it('a new main session takes the flag from the old one', async () => {
      const alice = await newUser();
      await api(alice, 'POST', '/sessions', { session_id: 'old-main', is_main: true });
      const res = await api(alice, 'POST', '/sessions', { session_id: 'new-main', is_main: true });
      expect(res.body).toMatchObject({ is_main: true });
      expect((await api(alice, 'GET', '/sessions/old-main')).body).toMatchObject({ is_main: false });
    });

    it('an id already taken — by anyone — is 409, and nothing changes', async () => {
      const [alice, bob] = [await newUser(), await newUser()];
      await api(alice, 'POST', '/sessions', { session_id: 'taken', title: '旅行计划', is_main: true });
      await api(bob, 'POST', '/sessions', { session_id: 'bob-main', is_main: true });
      for (const who of [alice, bob]) {
        const res = await api(who, 'POST', '/sessions', {
          session_id: 'taken',
          title: 'x',
          is_main: true,
        });
        expect(res.status).toBe(409);
        expect(res.body).toEqual({ error: '会话已存在', errorType: 'conflict', hint: expect.any(String) });
      }
      expect((await api(alice, 'GET', '/sessions/taken')).body).toMatchObject({ title: '旅行计划' });
      // Bob's failed "make this main" left his main session as it was.
      expect((await api(bob, 'GET', '/sessions/bob-main')).body).toMatchObject({ is_main: true });
    });

    it.each([
      [{ title: '' }, '标题不能为空'],
      [{ title: 7 }, '标题必须是字符串'],
      [{ session_id: '  ' }, '会话 ID 不能为空'],
      [{ is_main: 'yes' }, 'is_main 必须是布尔值'],
    ])('refuses %o with 400 %s', async (body, message) => {
      const res = await api(await newUser(), 'POST', '/sessions', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: message, errorType: 'validation_failed' });
    });

    it('needs a token (401)', async () => {
      const res = await api(undefined, 'POST', '/sessions', {});
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: '未提供认证令牌', errorType: 'unauthorized' });
    });
  });

  describe('GET /sessions', () => {
    it('lists the caller’s sessions, most recently updated first', async () => {
      const bob = await newUser();
      await api(bob, 'POST', '/sessions', { session_id: 'listed-1', title: 'Bob 的对话' });
      clock.advance(1000);
      await api(bob, 'POST', '/sessions', { session_id: 'listed-2' });
      await say(bob, 'listed-1', 'user', '你好');
      const res = await api<{ sessions: { id: string }[] }>(bob, 'GET', '/sessions');
      expect(res.status).toBe(200);
      expect(res.body.sessions.map((s) => s.id)).toEqual(['listed-1', 'listed-2']);
      expect(res.body.sessions[0]).toEqual({
        id: 'listed-1',
        user_id: bob.userId,
        title: 'Bob 的对话',
        is_main: false,
        created_at: expect.any(Number),
        updated_at: clock.now().getTime(),
      });
    });

    it('refuses a non-admin naming another user (403), lets them name themselves; the admin may name anyone', async () => {
      const [alice, bob] = [await newUser(), await newUser()];
      await api(bob, 'POST', '/sessions', { session_id: 'named-1' });
      clock.advance(1000);
      await api(bob, 'POST', '/sessions', { session_id: 'named-2' });
      const asBob = await api(bob, 'GET', `/sessions?user_id=${alice.userId}`);
      expect(asBob.status).toBe(403);
      expect(asBob.body).toEqual(FORBIDDEN);
      const bobNamingHimself = await api<{ sessions: { user_id: string }[] }>(
        bob,
        'GET',
        `/sessions?user_id=${bob.userId}`,
      );
      expect(bobNamingHimself.body.sessions.map((s) => s.user_id)).toEqual([bob.userId, bob.userId]);
      const asAdmin = await api<{ sessions: { id: string }[] }>(
        admin,
        'GET',
        `/sessions?user_id=${bob.userId}`,
      );
      expect(asAdmin.body.sessions.map((s) => s.id)).toEqual(['named-2', 'named-1']);
      const adminOwn = await api<{ sessions: unknown[] }>(admin, 'GET', '/sessions');
      expect(adminOwn.body).toEqual({ sessions: [] });
    });
  });

  describe('GET /sessions/:id', () => {
    it('answers the session (200)', async () => {
      const bob = await newUser();
      await api(bob, 'POST', '/sessions', { session_id: 'read-1' });
      const res = await api(bob, 'GET', '/sessions/read-1');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: 'read-1', user_id: bob.userId, title: '新的对话' });
    });

    it('an unknown id is the spec’s 404', async () => {
      const res = await api(await newUser(), 'GET', '/sessions/nope');
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    });

    it('the admin reads anyone’s', async () => {
      await api(await newUser(), 'POST', '/sessions', { session_id: 'read-by-admin' });
      expect((await api(admin, 'GET', '/sessions/read-by-admin')).status).toBe(200);
    });
  });

  describe('PATCH /sessions/:id', () => {
    /** A user with a session of their own to rename. */
    const withSession = async (id: string, title = '新的对话') => {
      const owner = await newUser();
      await api(owner, 'POST', '/sessions', { session_id: id, title });
      return owner;
    };

    it('renames the session (trimmed) and leaves updated_at as it was (200)', async () => {
      const bob = await withSession('renamed');
      const before = await api<{ updated_at: number }>(bob, 'GET', '/sessions/renamed');
      clock.advance(5000);
      const res = await api(bob, 'PATCH', '/sessions/renamed', { title: '  周末计划  ' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: 'renamed', user_id: bob.userId, title: '周末计划' });
      expect(res.body).toMatchObject({ updated_at: before.body.updated_at });
      expect((await api(bob, 'GET', '/sessions/renamed')).body).toMatchObject({ title: '周末计划' });
    });

    it.each([
      [{ title: '   ' }, '标题不能为空'],
      [{}, '标题不能为空'],
      [{ title: 7 }, '标题必须是字符串'],
      [{ title: 'x'.repeat(101) }, '标题最多 100 个字符'],
    ])('refuses %o with 400 %s', async (body, message) => {
      const id = `bad-rename-${users + 1}`;
      const bob = await withSession(id);
      const res = await api(bob, 'PATCH', `/sessions/${id}`, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: message, errorType: 'validation_failed' });
    });

    it('an unknown id, or another user’s session, is the spec’s 404 and nothing changes', async () => {
      const bob = await withSession('kept', '周末计划');
      const alice = await newUser();
      for (const [who, id] of [
        [bob, 'nope'],
        [alice, 'kept'],
      ] as const) {
        const res = await api(who, 'PATCH', `/sessions/${id}`, { title: '抢走' });
        expect(res.status).toBe(404);
        expect(res.body).toEqual(NOT_FOUND);
      }
      expect((await api(bob, 'GET', '/sessions/kept')).body).toMatchObject({ title: '周末计划' });
    });

    it('the admin may rename anyone’s', async () => {
      const bob = await withSession('renamed-by-admin');
      const res = await api(admin, 'PATCH', '/sessions/renamed-by-admin', { title: '管理员改名' });
      expect(res.status).toBe(200);
      expect((await api(bob, 'GET', '/sessions/renamed-by-admin')).body).toMatchObject({
        title: '管理员改名',
      });
    });

    it('needs a token (401)', async () => {
      await withSession('not-renamed');
      expect((await api(undefined, 'PATCH', '/sessions/not-renamed', { title: 'x' })).status).toBe(401);
    });
  });

  describe('GET /sessions/:id/messages', () => {
    // Read-only tests over one session of five messages.
    let alice: TestUser;
    const ids: number[] = [];
    const times: number[] = [];
    beforeAll(async () => {
      alice = await newUser();
      await api(alice, 'POST', '/sessions', { session_id: 'paged', title: '分页' });
      for (let i = 1; i <= 5; i++) {
        const message = await say(alice, 'paged', i % 2 ? 'user' : 'assistant', `第${i}条`);
        ids.push(message.id);
        times.push(message.at);
      }
    });

    it('offset 0 is the latest page, oldest first', async () => {
      const res = await api(alice, 'GET', '/sessions/paged/messages?limit=2');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        messages: [
          {
            id: ids[3],
            session_id: 'paged',
            role: 'assistant',
            msg_type: 'chat',
            content: '第4条',
            created_at: times[3],
          },
          expect.objectContaining({ id: ids[4], role: 'user', content: '第5条' }),
        ],
      });
    });

    it('pages back with offset; past the start is empty', async () => {
      const page = async (q: string) =>
        (
          await api<{ messages: { content: string }[] }>(alice, 'GET', `/sessions/paged/messages?${q}`)
        ).body.messages.map((m) => m.content);
      expect(await page('limit=2&offset=2')).toEqual(['第2条', '第3条']);
      expect(await page('limit=2&offset=4')).toEqual(['第1条']);
      expect(await page('limit=2&offset=9')).toEqual([]);
      expect(await page('')).toEqual(['第1条', '第2条', '第3条', '第4条', '第5条']);
    });

    it('times are epoch milliseconds of when each was stored', async () => {
      const res = await api<{ messages: { created_at: number }[] }>(
        alice,
        'GET',
        '/sessions/paged/messages?limit=1',
      );
      expect(res.body.messages[0]?.created_at).toBe(times[4]);
      expect((await api(alice, 'GET', '/sessions/paged')).body).toMatchObject({ updated_at: times[4] });
    });

    it.each(['limit=0', 'limit=501', 'limit=abc', 'offset=-1'])('refuses %s with 400', async (q) => {
      const res = await api(alice, 'GET', `/sessions/paged/messages?${q}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorType: 'validation_failed' });
    });
  });

  describe('GET /sessions/:id/export', () => {
    // Read-only tests over one session of two messages.
    let alice: TestUser;
    const times: string[] = [];
    beforeAll(async () => {
      alice = await newUser();
      await api(alice, 'POST', '/sessions', { session_id: 'trip', title: '旅行/计划 "东京"' });
      times.push(new Date((await say(alice, 'trip', 'user', '东京天气怎么样?')).at).toISOString());
      times.push(new Date((await say(alice, 'trip', 'assistant', '晴,**22°C**。')).at).toISOString());
    });
    const disposition = (ext: string) =>
      `attachment; filename="trip.${ext}"; filename*=UTF-8''${encodeURIComponent(`旅行_计划 _东京_.${ext}`)}`;

    it('json (the default): the session and every message, as a download', async () => {
      const res = await api(alice, 'GET', '/sessions/trip/export');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(disposition('json'));
      const session = (await api<{ created_at: number; updated_at: number }>(alice, 'GET', '/sessions/trip'))
        .body;
      expect(res.body).toEqual({
        session: {
          id: 'trip',
          title: '旅行/计划 "东京"',
          created_at: session.created_at,
          updated_at: session.updated_at,
        },
        messages: [
          { role: 'user', content: '东京天气怎么样?', created_at: Date.parse(times[0] ?? '') },
          { role: 'assistant', content: '晴,**22°C**。', created_at: Date.parse(times[1] ?? '') },
        ],
      });
    });

    it('markdown', async () => {
      const res = await api(alice, 'GET', '/sessions/trip/export?format=markdown');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(disposition('md'));
      expect(res.text).toBe(
        `# 旅行/计划 "东京"\n\n### user · ${times[0]}\n\n东京天气怎么样?\n\n### assistant · ${times[1]}\n\n晴,**22°C**。\n`,
      );
    });

    it('txt', async () => {
      const res = await api(alice, 'GET', '/sessions/trip/export?format=txt');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(disposition('txt'));
      expect(res.text).toBe(
        `[${times[0]}] user: 东京天气怎么样?\n\n[${times[1]}] assistant: 晴,**22°C**。\n`,
      );
    });

    it('an unknown format is 400', async () => {
      const res = await api(alice, 'GET', '/sessions/trip/export?format=pdf');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorType: 'validation_failed' });
    });
  });

  describe('another user’s session', () => {
    /** Alice's session `id` with two messages, and Bob who is not its owner. */
    const aliceSessionAndBob = async (id: string) => {
      const [alice, bob] = [await newUser(), await newUser()];
      await api(alice, 'POST', '/sessions', { session_id: id, title: '东京' });
      await say(alice, id, 'user', '东京天气怎么样?');
      await say(alice, id, 'assistant', '晴。');
      return { alice, bob };
    };

    it('is 404 for every operation, and stays as it was', async () => {
      const { alice, bob } = await aliceSessionAndBob('not-bobs');
      for (const [method, path] of [
        ['GET', '/sessions/not-bobs'],
        ['GET', '/sessions/not-bobs/messages'],
        ['GET', '/sessions/not-bobs/export'],
        ['GET', '/sessions/not-bobs/export?format=txt'],
        ['DELETE', '/sessions/not-bobs/messages'],
        ['DELETE', '/sessions/not-bobs'],
      ] as const) {
        const res = await api(bob, method, path);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body).toEqual(NOT_FOUND);
        expect(res.text).not.toContain('东京');
      }
      const still = await api<{ messages: unknown[] }>(alice, 'GET', '/sessions/not-bobs/messages');
      expect(still.body.messages).toHaveLength(2);
    });

    it('cannot be taken over through chat either', async () => {
      const { bob } = await aliceSessionAndBob('not-bobs-either');
      await expect(gw.services.sessions.ensureSession(bob.userId, 'not-bobs-either')).rejects.toMatchObject({
        errorType: 'session_not_found',
      });
      await expect(
        gw.services.sessions.appendMessage({
          sessionId: 'not-bobs-either',
          userId: bob.userId,
          role: 'user',
          content: 'x',
        }),
      ).rejects.toMatchObject({ errorType: 'session_not_found' });
      await expect(gw.services.sessions.history(bob.userId, 'not-bobs-either', 10)).rejects.toMatchObject({
        errorType: 'session_not_found',
      });
    });
  });

  describe('DELETE /sessions/:id/messages', () => {
    it('clears the messages and keeps the session', async () => {
      const alice = await newUser();
      await api(alice, 'POST', '/sessions', { session_id: 'cleared' });
      await say(alice, 'cleared', 'user', '你好');
      const res = await api(alice, 'DELETE', '/sessions/cleared/messages');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'cleared' });
      expect((await api(alice, 'GET', '/sessions/cleared/messages')).body).toEqual({ messages: [] });
      expect((await api(alice, 'GET', '/sessions/cleared')).status).toBe(200);
    });
  });

  describe('DELETE /sessions/:id', () => {
    it('deletes the session and its messages', async () => {
      const alice = await newUser();
      await api(alice, 'POST', '/sessions', { session_id: 'deleted' });
      await say(alice, 'deleted', 'user', '你好');
      const res = await api(alice, 'DELETE', '/sessions/deleted');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'deleted' });
      expect((await api(alice, 'GET', '/sessions/deleted')).body).toEqual(NOT_FOUND);
      const left = await sql<{
        n: number;
      }>`select count(*)::int as n from messages where session_id = 'deleted'`.execute(gw.database.db);
      expect(left.rows[0]?.n).toBe(0);
    });

    it('a second delete is 404', async () => {
      const alice = await newUser();
      await api(alice, 'POST', '/sessions', { session_id: 'deleted-twice' });
      expect((await api(alice, 'DELETE', '/sessions/deleted-twice')).status).toBe(200);
      const res = await api(alice, 'DELETE', '/sessions/deleted-twice');
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    });

    it('the admin may delete anyone’s', async () => {
      const bob = await newUser();
      await api(bob, 'POST', '/sessions', { session_id: 'bob-doomed' });
      expect((await api(admin, 'DELETE', '/sessions/bob-doomed')).body).toEqual({ status: 'deleted' });
      expect((await api(bob, 'GET', '/sessions/bob-doomed')).status).toBe(404);
    });
  });

  describe('DELETE /sessions', () => {
    const sessionCount = async (who: TestUser) =>
      (await api<{ sessions: unknown[] }>(who, 'GET', '/sessions')).body.sessions.length;
    /** A user with `n` sessions, the first with a message. */
    const userWithSessions = async (n: number) => {
      const who = await newUser();
      for (let i = 0; i < n; i++) {
        const id = (await api<{ id: string }>(who, 'POST', '/sessions', {})).body.id;
        if (i === 0) await say(who, id, 'user', '你好');
      }
      return who;
    };

    it('refuses a non-admin naming another user (403), deleting nothing of anyone', async () => {
      const [alice, bob] = [await userWithSessions(1), await userWithSessions(2)];
      const res = await api(alice, 'DELETE', `/sessions?user_id=${bob.userId}`);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(FORBIDDEN);
      expect([await sessionCount(alice), await sessionCount(bob)]).toEqual([1, 2]);
    });

    it('deletes every session of the caller, who may name themselves', async () => {
      const [alice, bob] = [await userWithSessions(2), await userWithSessions(2)];
      const res = await api(alice, 'DELETE', `/sessions?user_id=${alice.userId}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'deleted' });
      expect((await api(alice, 'GET', '/sessions')).body).toEqual({ sessions: [] });
      expect(await sessionCount(bob)).toBe(2);
    });

    it('answers deleted with nothing to delete', async () => {
      expect((await api(await newUser(), 'DELETE', '/sessions')).body).toEqual({ status: 'deleted' });
    });

    it('the admin clears a named user', async () => {
      const bob = await userWithSessions(2);
      expect((await api(admin, 'DELETE', `/sessions?user_id=${bob.userId}`)).body).toEqual({
        status: 'deleted',
      });
      expect((await api(bob, 'GET', '/sessions')).body).toEqual({ sessions: [] });
      const left = await sql<{
        n: number;
      }>`select count(*)::int as n from messages where user_id = ${bob.userId}`.execute(gw.database.db);
      expect(left.rows[0]?.n).toBe(0);
    });
  });
});
