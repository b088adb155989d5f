import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin, type TestUser } from '../testing/users';
import { pageThroughMatches } from './repository';

interface SearchPage {
  results: {
    message_id: string;
    session_id: string;
    session_title: string;
    role: string;
    content: string;
    created_at: number;
  }[];
  total: number;
  query: string;
  limit: number;
  offset: number;
}

describe('§4 GET /messages/search', () => {
  let gw: TestGateway;
  const clock = new ManualClock(Date.UTC(2026, 4, 1));
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    gw = await startTestGateway({ clock });
    [alice, bob, admin] = await Promise.all([
      registerTestUser(gw, 'alice'),
      registerTestUser(gw, 'bob'),
      signInTestAdmin(gw),
    ]);
    const sessions = gw.services.sessions;
    await call(gw.url, 'POST', '/api/v1/sessions', {
      token: alice.token,
      body: { session_id: 'a-weather', title: '天气' },
    });
    await call(gw.url, 'POST', '/api/v1/sessions', {
      token: alice.token,
      body: { session_id: 'a-misc', title: '杂项' },
    });
    await call(gw.url, 'POST', '/api/v1/sessions', {
      token: bob.token,
      body: { session_id: 'b-1', title: 'Bob' },
    });
    const store = async (
      key: string,
      who: TestUser,
      sessionId: string,
      role: 'user' | 'assistant',
      content: string,
    ) => {
      clock.advance(1000);
      ids[key] = (await sessions.appendMessage({ sessionId, userId: who.userId, role, content })).id;
    };
    await store('q1', alice, 'a-weather', 'user', '今天天气怎么样?');
    await store('a1', alice, 'a-weather', 'assistant', '今天晴,明天有雨。');
    await store('q2', alice, 'a-misc', 'user', '明天的天气预报呢');
    await store('en', alice, 'a-misc', 'user', 'Hello World, say HELLO');
    await store('pct', alice, 'a-misc', 'user', '进度 100% 完成, file_name.txt');
    await store('emoji', alice, 'a-misc', 'assistant', '好的 👍🏽 收到');
    await store('accent', alice, 'a-misc', 'user', 'Été à Paris');
    await store('b1', bob, 'b-1', 'user', 'Bob 也问天气');
  });
  afterAll(() => gw.close());

  const search = (who: TestUser, query: string) =>
    call<SearchPage>(gw.url, 'GET', `/api/v1/messages/search?${query}`, { token: who.token });
  const q = (keyword: string, extra = '') => `q=${encodeURIComponent(keyword)}${extra}`;
  const found = async (who: TestUser, query: string) =>
    (await search(who, query)).body.results.map((r) => r.message_id);

  it('a 2-character Chinese keyword: the caller’s matches, newest first, with their session title', async () => {
    const res = await search(alice, q('天气'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: [
        {
          message_id: String(ids.q2),
          session_id: 'a-misc',
          session_title: '杂项',
          role: 'user',
          content: '明天的天气预报呢',
          created_at: Date.UTC(2026, 4, 1) + 3000,
        },
        {
          message_id: String(ids.q1),
          session_id: 'a-weather',
          session_title: '天气',
          role: 'user',
          content: '今天天气怎么样?',
          created_at: Date.UTC(2026, 4, 1) + 1000,
        },
      ],
      total: 2,
      query: '天气',
      limit: 50,
      offset: 0,
    });
  });

  it('a 1-character keyword', async () => {
    expect(await found(alice, q('雨'))).toEqual([String(ids.a1)]);
    expect(await found(alice, q('天'))).toEqual([ids.q2, ids.a1, ids.q1].map(String));
  });

  it('longer keywords must occur as a whole, not just share bigrams', async () => {
    expect(await found(alice, q('天气预报'))).toEqual([String(ids.q2)]);
    expect(await found(alice, q('今天天气'))).toEqual([String(ids.q1)]);
    expect((await search(alice, q('天气天'))).body.total).toBe(0);
    // One distinct bigram, but three characters: the substring itself must be there.
    expect(await found(alice, q('天天'))).toEqual([String(ids.q1)]);
    expect((await search(alice, q('天天天'))).body.total).toBe(0);
  });

  it('is case-insensitive, and q is trimmed', async () => {
    const res = await search(alice, q('  hello '));
    expect(res.body).toMatchObject({ total: 1, query: 'hello' });
    expect(res.body.results[0]?.message_id).toBe(String(ids.en));
    expect(await found(alice, q('WORLD'))).toEqual([String(ids.en)]);
    expect(await found(alice, q('hE'))).toEqual([String(ids.en)]);
    expect(await found(alice, q('ÉT'))).toEqual([String(ids.accent)]);
  });

  it('LIKE wildcards match only themselves', async () => {
    expect(await found(alice, q('%'))).toEqual([String(ids.pct)]);
    expect(await found(alice, q('0%'))).toEqual([String(ids.pct)]);
    expect(await found(alice, q('_'))).toEqual([String(ids.pct)]);
    expect(await found(alice, q('e_n'))).toEqual([String(ids.pct)]);
    expect((await search(alice, q('天%气'))).body.total).toBe(0);
    expect((await search(alice, q('\\'))).body.total).toBe(0);
  });

  it('emoji count as characters', async () => {
    expect(await found(alice, q('👍🏽'))).toEqual([String(ids.emoji)]);
    expect(await found(alice, q('👍'))).toEqual([String(ids.emoji)]);
  });

  it('pages with limit and offset; total counts every match', async () => {
    const page = await search(alice, q('天', '&limit=2&offset=1'));
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.body.results.map((r) => r.message_id)).toEqual([ids.a1, ids.q1].map(String));
    const past = await search(alice, q('天', '&limit=2&offset=5'));
    expect(past.body).toEqual({ results: [], total: 3, query: '天', limit: 2, offset: 5 });
  });

  it('searches edited content, not what it used to say', async () => {
    await gw.services.sessions.updateMessage(ids.emoji ?? 0, { content: '好的 👍🏽 收到,记得带伞' });
    expect(await found(alice, q('带伞'))).toEqual([String(ids.emoji)]);
    await gw.services.sessions.updateMessage(ids.emoji ?? 0, { content: '好的 👍🏽 收到' });
    expect((await search(alice, q('带伞'))).body.total).toBe(0);
  });

  it('a user never finds another user’s messages; naming another user_id is 403', async () => {
    expect(await found(bob, q('天气'))).toEqual([String(ids.b1)]);
    const named = await search(bob, q('天气', '&user_id=user_alice'));
    expect(named.status).toBe(403);
    expect(named.body).toMatchObject({ errorType: 'forbidden', error: '无权操作其他用户的数据' });
    expect(await found(bob, q('天气', '&user_id=user_bob'))).toEqual([String(ids.b1)]);
    expect((await search(alice, q('Bob'))).body.total).toBe(0);
  });

  it('the admin searches a named user (their own messages by default)', async () => {
    expect(await found(admin, q('天气', '&user_id=user_alice'))).toEqual([ids.q2, ids.q1].map(String));
    expect((await search(admin, q('天气'))).body.total).toBe(0);
  });

  it('deleted sessions take their messages out of the results', async () => {
    await call(gw.url, 'DELETE', '/api/v1/sessions/b-1', { token: bob.token });
    expect((await search(bob, q('天气'))).body.total).toBe(0);
  });

  it('reads the same page whether it walks back from the newest or collects every match', async () => {
    const queries = [q('天'), q('天气'), q('天气', '&limit=1&offset=1'), q('天气预报'), q('hello'), q('👍')];
    const reltuples = async () =>
      (
        await sql<{
          n: number;
        }>`select reltuples::float8 as n from pg_class where relname = 'messages'`.execute(gw.database.db)
      ).rows[0]?.n ?? 0;
    // Never analysed: no row estimate, so every page walks back from the newest message.
    expect(await reltuples()).toBeLessThanOrEqual(0);
    const walked = await Promise.all(queries.map(async (query) => (await search(alice, query)).body));
    // With an estimate, these few matches are collected through the index instead.
    await sql`analyze messages`.execute(gw.database.db);
    expect(await reltuples()).toBeGreaterThan(0);
    const collected = await Promise.all(queries.map(async (query) => (await search(alice, query)).body));
    expect(collected).toEqual(walked);
    expect(walked[2]?.results.map((r) => r.message_id)).toEqual([String(ids.q1)]);
  });

  it('chooses between the two by what each would read', () => {
    // 10 matches in 1M messages: walking back would read ~5M rows for 50; collecting reads 10.
    expect(pageThroughMatches(10, 0, 50, 1_000_000)).toBe(true);
    // Half the messages match: 100 rows back hold the page; collecting would read 500k.
    expect(pageThroughMatches(500_000, 0, 50, 1_000_000)).toBe(false);
    // A deep page of a common word: walking back reads far; collecting is cheaper.
    expect(pageThroughMatches(8_000, 7_900, 50, 1_000_000)).toBe(true);
    expect(pageThroughMatches(8_000, 0, 50, 1_000_000)).toBe(false);
  });

  it.each([
    ['', '搜索关键词不能为空', 'q'],
    ['q=', '搜索关键词不能为空', 'q'],
    ['q=%20%20', '搜索关键词不能为空', 'q'],
    [`q=${'长'.repeat(201)}`, '搜索关键词最多 200 个字符', 'q'],
    ['q=x&limit=0', '不能小于 1', 'limit'],
    ['q=x&limit=201', '不能大于 200', 'limit'],
    ['q=x&offset=-1', '不能小于 0', 'offset'],
  ])('refuses ?%s with 400 %s', async (query, message, field) => {
    const res = await call(gw.url, 'GET', `/api/v1/messages/search?${query}`, { token: alice.token });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: message,
      errorType: 'validation_failed',
      hint: `${field}: ${message}`,
    });
  });

  it('needs a token (401)', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/messages/search?q=x');
    expect(res.status).toBe(401);
  });
});
