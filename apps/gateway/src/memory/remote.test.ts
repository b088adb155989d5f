import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startFakeUpstream } from '../testing/fake-upstream';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin, type TestUser } from '../testing/users';

interface Seen {
  method: string;
  url: string;
  body: unknown;
}

const item = (id: string, user_id: string, content: string, extra: Record<string, unknown> = {}) => ({
  id,
  user_id,
  content,
  category: 'other',
  priority: 1,
  created_at: '2026-01-02T03:04:05Z',
  ...extra,
});

/** A Memory-Service on 127.0.0.1 speaking the paths of docs/api-sections.md. */
async function fakeMemoryService() {
  const seen: Seen[] = [];
  const state = { broken: false };
  const server = await startFakeUpstream((req, res) => {
    const { body } = req;
    seen.push({ method: req.method ?? '', url: req.url ?? '', body });
    if (state.broken) return sendJson(res, 500, { detail: 'boom' });
    const url = new URL(req.url ?? '/', 'http://x');
    const user = url.searchParams.get('user_id');
    if (req.method === 'POST' && url.pathname === '/memories/query') {
      return sendJson(res, 200, {
        memories: [item('m1', 'user_alice', 'likes tea', { score: 0.9, priority: 42 })],
      });
    }
    if (req.method === 'GET' && url.pathname === '/memories') {
      return sendJson(res, 200, { memories: [item('m1', user ?? '', 'likes tea')] });
    }
    if (req.method === 'POST' && url.pathname === '/memories') {
      const b = body as { user_id: string; content: string; category: string; priority: number };
      return sendJson(
        res,
        201,
        item('m2', b.user_id, b.content, { category: b.category, priority: b.priority }),
      );
    }
    if (req.method === 'DELETE' && url.pathname === '/memories/m1' && user === 'user_alice') {
      return sendJson(res, 200, { status: 'deleted' });
    }
    if (req.method === 'DELETE') return sendJson(res, 404, { detail: 'not found' });
    sendJson(res, 200, { unexpected: true });
  });
  return { ...server, seen, state };
}

describe('§9 memory, proxied to Memory-Service (MEMORY_SERVICE_URL set)', () => {
  let service: Awaited<ReturnType<typeof fakeMemoryService>>;
  let gw: TestGateway;
  let alice: TestUser['api'];

  beforeAll(async () => {
    service = await fakeMemoryService();
    gw = await startTestGateway({ env: { MEMORY_SERVICE_URL: `${service.url}/` } });
    alice = (await registerTestUser(gw, 'alice')).api;
  });
  afterAll(async () => {
    await gw.close();
    await service.close();
  });

  it('search → POST /memories/query for the caller', async () => {
    const res = await alice('GET', '/memory/search?q=tea&limit=3');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      memories: [{ ...item('m1', 'user_alice', 'likes tea'), priority: 10, score: 0.9 }],
      total: 1,
      query: 'tea',
    });
    expect(service.seen.at(-1)).toEqual({
      method: 'POST',
      url: '/memories/query',
      body: { user_id: 'user_alice', query: 'tea', limit: 3 },
    });
  });

  it('list → GET /memories?user_id=', async () => {
    const res = await alice('GET', '/memory');
    expect(res.body).toEqual({ memories: [item('m1', 'user_alice', 'likes tea')], total: 1 });
    expect(service.seen.at(-1)).toMatchObject({ method: 'GET', url: '/memories?user_id=user_alice' });
  });

  it('add → POST /memories with the defaults filled in', async () => {
    const res = await alice('POST', '/memory', { content: '喜欢爬山' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ success: true, memory: item('m2', 'user_alice', '喜欢爬山') });
    expect(service.seen.at(-1)).toEqual({
      method: 'POST',
      url: '/memories',
      body: { user_id: 'user_alice', content: '喜欢爬山', category: 'other', priority: 1 },
    });
  });

  it('delete → DELETE /memories/{id}?user_id=; the service’s 404 is ours', async () => {
    expect((await alice('DELETE', '/memory?id=m1')).body).toEqual({ success: true });
    expect(service.seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/memories/m1?user_id=user_alice' });
    const bob = (await registerTestUser(gw, 'bob')).api;
    const res = await bob('DELETE', '/memory?id=m1');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: '记忆不存在', errorType: 'not_found' });
  });

  it('keeps naming another user to the administrator', async () => {
    expect((await alice('GET', '/memory?user_id=user_bob')).status).toBe(403);
    const admin = (await signInTestAdmin(gw)).api;
    await admin('GET', '/memory?user_id=user_bob');
    expect(service.seen.at(-1)).toMatchObject({ url: '/memories?user_id=user_bob' });
  });

  it('answers 502 memory_service_unreachable when the service fails', async () => {
    service.state.broken = true;
    try {
      const res = await alice('GET', '/memory');
      expect(res.status).toBe(502);
      expect(res.body).toEqual({
        error: 'Memory-Service 不可达: HTTP 500',
        errorType: 'memory_service_unreachable',
      });
    } finally {
      service.state.broken = false;
    }
  });

  it('answers 502 memory_service_unreachable for all four calls when nothing listens', async () => {
    const dead = await startTestGateway({ env: { MEMORY_SERVICE_URL: 'http://127.0.0.1:1' } });
    try {
      const api = (await registerTestUser(dead, 'carol')).api;
      const calls: [string, string, unknown?][] = [
        ['GET', '/memory/search?q=x'],
        ['GET', '/memory'],
        ['POST', '/memory', { content: 'x' }],
        ['DELETE', '/memory?id=abc'],
      ];
      for (const [method, path, body] of calls) {
        const res = await api(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(502);
        expect(res.body).toEqual({
          error: expect.stringMatching(/^Memory-Service 不可达: .+/),
          errorType: 'memory_service_unreachable',
        });
      }
    } finally {
      await dead.close();
    }
  });
});
