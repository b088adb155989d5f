import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin, type TestUser } from '../testing/users';

interface Memory {
  id: string;
  user_id: string;
  content: string;
  category: string;
  priority: number;
  created_at: string;
  score?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('§9 memory, built in (MEMORY_SERVICE_URL unset)', () => {
  let gw: TestGateway;
  const clock = new ManualClock(new Date('2026-05-01T00:00:00.000Z'));
  let alice: TestUser['api'];
  let bob: TestUser['api'];
  let admin: TestUser['api'];
  const mem: Record<string, Memory> = {};

  const remember = async (api: TestUser['api'], key: string, body: Record<string, unknown>) => {
    clock.advance(1000);
    const res = await api<{ success: true; memory: Memory }>('POST', '/memory', body);
    expect(res.status).toBe(201);
    mem[key] = res.body.memory;
    return res;
  };

  beforeAll(async () => {
    gw = await startTestGateway({ clock });
    alice = (await registerTestUser(gw, 'alice')).api;
    bob = (await registerTestUser(gw, 'bob')).api;
    admin = (await signInTestAdmin(gw)).api;
  });
  afterAll(() => gw.close());

  it('adds a memory (201), category "other" and priority 1 by default', async () => {
    const res = await remember(alice, 'tea', { content: '  我最喜欢喝乌龙茶,不加糖。 ' });
    expect(res.body).toEqual({
      success: true,
      memory: {
        id: expect.stringMatching(UUID),
        user_id: 'user_alice',
        content: '我最喜欢喝乌龙茶,不加糖。',
        category: 'other',
        priority: 1,
        created_at: '2026-05-01T00:00:01.000Z',
      },
    });
    await remember(alice, 'dog', {
      content: 'My dog is called Biscuit and loves long walks.',
      category: 'pets',
      priority: 7,
    });
    await remember(alice, 'work', {
      content: 'Works as a nurse on night shifts; 周末喜欢爬山。',
      category: 'life',
    });
    await remember(bob, 'bob', { content: 'Bob also likes 乌龙茶 and dogs.' });
  });

  it.each([
    [{}, '记忆内容不能为空'],
    [{ content: '   ' }, '记忆内容不能为空'],
    [{ content: 'x', priority: 0 }, 'priority 必须是 1-10 的整数'],
    [{ content: 'x', priority: 11 }, 'priority 必须是 1-10 的整数'],
    [{ content: 'x', priority: 1.5 }, 'priority 必须是 1-10 的整数'],
    [{ content: 'x', category: '' }, 'category 不能为空'],
    [{ content: 'x', category: 'c'.repeat(33) }, 'category 不能超过 32 个字符'],
  ])('refuses %o with 400 %s', async (body, message) => {
    const res = await alice('POST', '/memory', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: message, errorType: 'validation_failed', hint: expect.any(String) });
  });

  it('lists the caller’s own memories, newest first', async () => {
    const res = await alice('GET', '/memory');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ memories: [mem.work, mem.dog, mem.tea], total: 3 });
    expect((await bob('GET', '/memory')).body).toEqual({ memories: [mem.bob], total: 1 });
  });

  it.each([
    ['乌龙茶', 'tea'],
    ['爬山', 'work'],
    ['dog walks', 'dog'],
    ['NURSE', 'work'],
    ['茶', 'tea'],
  ])('searches with the knowledge matching: %s → %s', async (q, key) => {
    const res = await alice<{ memories: Memory[]; total: number; query: string }>(
      'GET',
      `/memory/search?q=${encodeURIComponent(q)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.query).toBe(q);
    expect(res.body.memories[0]).toEqual({ ...mem[key], score: expect.any(Number) });
    expect(res.body.memories.every((m) => m.user_id === 'user_alice')).toBe(true);
    expect(res.body.total).toBe(res.body.memories.length);
  });

  it('limits search results and validates the query', async () => {
    const one = await alice<{ total: number }>(
      'GET',
      '/memory/search?q=dog%20%E4%B9%8C%E9%BE%99%E8%8C%B6&limit=1',
    );
    expect(one.body.total).toBe(1);
    const empty = await alice('GET', '/memory/search?q=%20');
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ error: '搜索关键词不能为空', errorType: 'validation_failed' });
    expect((await alice('GET', '/memory/search')).status).toBe(400);
    expect((await alice('GET', '/memory/search?q=x&limit=51')).status).toBe(400);
  });

  it('lets only the administrator name another user (others: 403 admin_only)', async () => {
    for (const path of ['/memory?user_id=user_alice', '/memory/search?q=tea&user_id=user_alice']) {
      const res = await bob('GET', path);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: '仅限管理员操作', errorType: 'admin_only' });
    }
    expect((await bob('GET', '/memory?user_id=user_bob')).body).toEqual({ memories: [mem.bob], total: 1 });
    expect((await admin('GET', '/memory?user_id=user_alice')).body).toEqual({
      memories: [mem.work, mem.dog, mem.tea],
      total: 3,
    });
    const found = await admin<{ memories: Memory[] }>('GET', '/memory/search?q=biscuit&user_id=user_alice');
    expect(found.body.memories.map((m) => m.id)).toEqual([mem.dog?.id]);
    expect((await admin('GET', '/memory')).body).toEqual({ memories: [], total: 0 });
  });

  it('deletes by id; another user’s memory answers 404 and stays', async () => {
    const theirs = await bob('DELETE', `/memory?id=${mem.tea?.id}`);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual({ error: '记忆不存在', errorType: 'not_found' });
    const res = await alice('DELETE', `/memory?id=${mem.tea?.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect((await alice('DELETE', `/memory?id=${mem.tea?.id}`)).status).toBe(404);
    const missing = await alice('DELETE', '/memory');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ errorType: 'validation_failed' });
    expect((await alice<{ total: number }>('GET', '/memory')).body.total).toBe(2);
  });

  it('lets the administrator delete anyone’s memory', async () => {
    expect((await admin('DELETE', `/memory?id=${mem.bob?.id}`)).body).toEqual({ success: true });
    expect((await bob('GET', '/memory')).body).toEqual({ memories: [], total: 0 });
  });

  it('needs a token (401)', async () => {
    expect((await call(gw.url, 'GET', '/api/v1/memory')).status).toBe(401);
  });
});
