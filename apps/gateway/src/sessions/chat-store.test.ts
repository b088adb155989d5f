import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import type { SessionsService } from './service';

/** The SessionsService methods chat (WebSocket, webhooks) stores its messages through. */
describe('sessions: the store chat writes to', () => {
  let gw: TestGateway;
  let sessions: SessionsService;
  const clock = new ManualClock(Date.UTC(2026, 2, 1));

  beforeAll(async () => {
    gw = await startTestGateway({ clock });
    sessions = gw.services.sessions;
  });
  afterAll(() => gw.close());

  it('ensureSession creates the session once, titled 新的对话', async () => {
    const first = await sessions.ensureSession('admin', 'session_chat00000001');
    expect(first).toEqual({
      id: 'session_chat00000001',
      user_id: 'admin',
      title: '新的对话',
      is_main: false,
      created_at: clock.now().getTime(),
      updated_at: clock.now().getTime(),
    });
    clock.advance(5000);
    expect(await sessions.ensureSession('admin', 'session_chat00000001')).toEqual(first);
  });

  it('ensureSession refuses an empty or overlong id', async () => {
    await expect(sessions.ensureSession('admin', '')).rejects.toMatchObject({
      errorType: 'validation_failed',
    });
    await expect(sessions.ensureSession('admin', 'x'.repeat(129))).rejects.toMatchObject({
      errorType: 'validation_failed',
    });
  });

  it('appendMessage stores the message and moves the session forward', async () => {
    clock.advance(1000);
    const m = await sessions.appendMessage({
      sessionId: 'session_chat00000001',
      userId: 'admin',
      role: 'user',
      content: '今天天气怎么样',
    });
    expect(m).toEqual({
      id: expect.any(Number),
      session_id: 'session_chat00000001',
      role: 'user',
      msg_type: 'chat',
      content: '今天天气怎么样',
      created_at: clock.now().getTime(),
    });
    const session = await sessions.ensureSession('admin', 'session_chat00000001');
    expect(session.updated_at).toBe(clock.now().getTime());
  });

  it('appendMessage into a session that does not exist is session_not_found, and stores nothing', async () => {
    await expect(
      sessions.appendMessage({ sessionId: 'missing', userId: 'admin', role: 'user', content: 'x' }),
    ).rejects.toMatchObject({ errorType: 'session_not_found', status: 404 });
    const n = await sql<{
      n: number;
    }>`select count(*)::int as n from messages where session_id = 'missing'`.execute(gw.database.db);
    expect(n.rows[0]?.n).toBe(0);
  });

  it('updateMessage grows a reply and merges meta', async () => {
    const reply = await sessions.appendMessage({
      sessionId: 'session_chat00000001',
      userId: 'admin',
      role: 'assistant',
      content: '',
      meta: { streaming: true },
    });
    await sessions.updateMessage(reply.id, { content: '晴' });
    await sessions.updateMessage(reply.id, {
      content: '晴天,22 度',
      meta: { attempts: [{ source: 'ai_core', ok: true, ms: 5 }] },
    });
    await sessions.updateMessage(reply.id, { meta: { streaming: false } });
    const row = await gw.database.db
      .selectFrom('messages')
      .select(['content', 'meta', 'bigrams'])
      .where('id', '=', reply.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      content: '晴天,22 度',
      meta: { streaming: false, attempts: [{ source: 'ai_core', ok: true, ms: 5 }] },
      bigrams: ['晴天', '天,', ',2', '22', '2 ', ' 度'],
    });
    await expect(sessions.updateMessage(999_999, { content: 'x' })).rejects.toMatchObject({
      errorType: 'not_found',
    });
    await expect(sessions.updateMessage(999_999, {})).rejects.toMatchObject({ errorType: 'not_found' });
    await sessions.updateMessage(reply.id, {});
  });

  it('recentTurns: the latest chat turns with text, oldest first, optionally before a message', async () => {
    await sessions.ensureSession('admin', 'turns');
    const ids: number[] = [];
    for (const [role, content, msgType] of [
      ['user', '一', 'chat'],
      ['assistant', '二', 'chat'],
      ['action', '开灯', 'action'],
      ['assistant', '', 'chat'],
      ['user', '三', 'chat'],
      ['assistant', '四', 'chat'],
    ] as const) {
      ids.push(
        (await sessions.appendMessage({ sessionId: 'turns', userId: 'admin', role, content, msgType })).id,
      );
    }
    expect(await sessions.recentTurns('turns', 10)).toEqual([
      { role: 'user', content: '一' },
      { role: 'assistant', content: '二' },
      { role: 'user', content: '三' },
      { role: 'assistant', content: '四' },
    ]);
    expect(await sessions.recentTurns('turns', 2)).toEqual([
      { role: 'user', content: '三' },
      { role: 'assistant', content: '四' },
    ]);
    expect(await sessions.recentTurns('turns', 2, ids[4])).toEqual([
      { role: 'user', content: '一' },
      { role: 'assistant', content: '二' },
    ]);
  });

  it('history: the latest messages oldest first; none for a session not created yet', async () => {
    const history = await sessions.history('admin', 'turns', 2);
    expect(history.map((m) => m.content)).toEqual(['三', '四']);
    expect(await sessions.history('admin', 'not-yet', 50)).toEqual([]);
  });
});
