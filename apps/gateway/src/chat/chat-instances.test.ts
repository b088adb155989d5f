import type { NotificationFrame } from '@cyrene/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { FakeAiCore } from '../testing/fake-ai-core';
import { call } from '../testing/http';
import { sameDatabase } from '../testing/test-database';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { signInTestAdmin } from '../testing/users';
import { TestSocket } from './testing/test-socket';

const HEARTBEAT_MS = 1_000;

interface Message {
  role: string;
  content: string;
}

/*
 * Two gateway instances on one database: PostgreSQL LISTEN/NOTIFY between them when
 * DATABASE_URL is set, the in-process bus on PGlite.
 */
describe('§2 WebSocket across gateway instances', () => {
  let a: TestGateway;
  let b: TestGateway;
  let core: FakeAiCore;
  let admin: string;
  const clock = new ManualClock();
  const sockets: TestSocket[] = [];

  const open = async (gw: TestGateway, query: Record<string, string>) => {
    const socket = await TestSocket.open(gw.url, { token: admin, query });
    sockets.push(socket);
    return socket;
  };
  const messagesOf = async (sessionId: string) =>
    (
      await call<{ messages: Message[] }>(a.url, 'GET', `/api/v1/sessions/${sessionId}/messages`, {
        token: admin,
      })
    ).body.messages.map((m) => [m.role, m.content]);

  beforeAll(async () => {
    core = await FakeAiCore.start();
    const env = { AI_CORE_URL: core.url, GENERATION_HEARTBEAT_MS: String(HEARTBEAT_MS) };
    a = await startTestGateway({ env, clock });
    b = await startTestGateway({ env, clock, database: sameDatabase(a.database) });
    admin = (await signInTestAdmin(a)).token;
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    await b.close();
    await a.close();
    await core.close();
  });
  beforeEach(() => {
    core.script = { deltas: ['你好', '，世界'] };
  });

  it('streams a turn run on one instance to a device connected to the other', async () => {
    const onA = await open(a, { session_id: 'session_bus00001', client_id: 'a' });
    const onB = await open(b, { session_id: 'session_bus00001', client_id: 'b' });
    onA.send({ type: 'message', content: '跨实例' });
    const echo = await onB.next('response');
    expect(echo).toMatchObject({ role: 'user', content: '跨实例', client_info: { client_id: 'a' } });
    const [endA, endB] = await Promise.all([onA.next('stream_end'), onB.next('stream_end')]);
    expect(endB).toEqual(endA);
    expect(onB.sequenced().map((f) => f.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('carries frames larger than a notification (by reference) and many at once', async () => {
    const piece = '长'.repeat(1_000);
    core.script = { deltas: Array.from({ length: 12 }, () => piece) };
    const onA = await open(a, { session_id: 'session_bus00002' });
    const onB = await open(b, { session_id: 'session_bus00002' });
    onA.send({ type: 'message', content: '说长一点' });
    const end = await onB.next('stream_end');
    expect(end.text).toBe(piece.repeat(12));
    const seqs = onB.sequenced().map((f) => f.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('delivers sendToUser to every instance and knows who is online anywhere', async () => {
    const onB = await open(b, { session_id: 'session_bus00003' });
    await expect.poll(() => a.ctx.hub.online('admin')).toBe(true);
    expect(a.ctx.hub.online('user_nobody')).toBe(false);
    const frame: NotificationFrame = {
      type: 'notification',
      notification: {
        id: 'n1',
        type: 'info',
        title: '提醒',
        body: '跨实例通知',
        timestamp: '2026-01-01T00:00:00Z',
        data: {},
      },
      timestamp: 1,
    };
    a.ctx.hub.sendToUser('admin', frame);
    expect((await onB.next('notification')).notification.body).toBe('跨实例通知');
  });

  it('gives each gateway its own instance id: its connections, turns and clients carry it', async () => {
    expect(a.ctx.instanceId).not.toBe(b.ctx.instanceId);
    expect([a.services.clients.instanceId, b.services.clients.instanceId]).toEqual([
      a.ctx.instanceId,
      b.ctx.instanceId,
    ]);
    const sessions = ['session_onlyona01', 'session_onlyonb01'];
    const onA = await open(a, { session_id: 'session_onlyona01' });
    const onB = await open(b, { session_id: 'session_onlyonb01' });
    onA.send({ type: 'message', content: '甲' });
    onB.send({ type: 'message', content: '乙' });
    await Promise.all([onA.next('stream_end'), onB.next('stream_end')]);
    const expected = [
      { session_id: 'session_onlyona01', instance_id: a.ctx.instanceId },
      { session_id: 'session_onlyonb01', instance_id: b.ctx.instanceId },
    ];
    const rowsOf = (table: 'live_sessions' | 'generations') =>
      a.ctx.db
        .selectFrom(table)
        .select(['session_id', 'instance_id'])
        .where('session_id', 'in', sessions)
        .orderBy('session_id')
        .execute();
    await expect.poll(() => rowsOf('live_sessions')).toEqual(expected);
    expect(await rowsOf('generations')).toEqual(expected);
  });

  it('resumes on the other instance while the turn goes on: stored frames, then the live tail, each once', async () => {
    core.script = { deltas: ['一', '二', '三', '四', '五'], holdAfter: 2 };
    const onA = await open(a, { session_id: 'session_bus00004' });
    onA.send({ type: 'message', content: '数数' });
    await onA.next('stream_chunk', (f) => f.content === '二');
    const onB = await open(b, { session_id: 'session_elsewhere' });
    onB.send({ type: 'resume', session_id: 'session_bus00004', after_seq: 0 });
    await onB.next('stream_chunk', (f) => f.content === '二');
    core.release();
    const end = await onB.next('stream_end');
    expect(end.text).toBe('一二三四五');
    const frames = onB.sequenced();
    expect(frames.map((f) => f.seq)).toEqual(Array.from({ length: frames.length }, (_, i) => i + 1));
    expect(frames.map((f) => f.type)).toEqual([
      'response',
      'stream_start',
      'stream_chunk',
      'stream_chunk',
      'stream_chunk',
      'stream_chunk',
      'stream_chunk',
      'stream_end',
    ]);
  });

  it('ends as interrupted, text kept, a turn whose instance died; the session goes on elsewhere', async () => {
    core.script = { deltas: ['部分', '回复', '没说完'], holdAfter: 2 };
    const onA = await open(a, { session_id: 'session_dying001' });
    onA.send({ type: 'message', content: '讲个故事' });
    const last = await onA.next('stream_chunk', (f) => f.content === '回复');
    // Let the chunks reach the stream log before the instance goes.
    await expect
      .poll(
        async () =>
          (
            await b.ctx.db
              .selectFrom('stream_frames')
              .select('seq')
              .where('session_id', '=', 'session_dying001')
              .execute()
          ).length,
      )
      .toBe(4);
    await a.realtime.abandon();
    expect((await onA.closed).code).toBe(1006);

    clock.advance(3 * HEARTBEAT_MS + 1);
    const onB = await open(b, { session_id: 'session_dying001' });
    onB.send({ type: 'resume', session_id: 'session_dying001', after_seq: last.seq });
    const end = await onB.next('stream_end');
    expect(end).toEqual({
      type: 'stream_end',
      session_id: 'session_dying001',
      message_id: last.message_id,
      seq: expect.any(Number),
      text: '部分回复',
      finish_reason: 'interrupted',
      interrupted: true,
      timestamp: expect.any(Number),
    });
    expect(end.seq).toBeGreaterThan(last.seq);
    await expect
      .poll(() => messagesOf('session_dying001'))
      .toEqual([
        ['user', '讲个故事'],
        ['assistant', '部分回复'],
      ]);

    core.release();
    core.script = { deltas: ['继续'] };
    onB.send({ type: 'message', content: '然后呢' });
    const next = await onB.next('stream_end');
    expect(next.text).toBe('继续');
    expect(next.seq).toBeGreaterThan(end.seq);
  });

  it('a stopping instance ends its running replies as interrupted itself, text kept, and says goodbye', async () => {
    core.script = { deltas: ['停机', '之前', '没说完'], holdAfter: 2 };
    const onB = await open(b, { session_id: 'session_stopping1' });
    onB.send({ type: 'message', content: '慢慢说' });
    await onB.next('stream_chunk', (f) => f.content === '之前');
    await b.realtime.close();
    expect(await onB.next('stream_end')).toMatchObject({
      text: '停机之前',
      finish_reason: 'interrupted',
      interrupted: true,
    });
    expect(await onB.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await messagesOf('session_stopping1')).toEqual([
      ['user', '慢慢说'],
      ['assistant', '停机之前'],
    ]);
  });
});

/*
 * The embedded database has one process per data dir: a turn found running when a gateway starts
 * belonged to a predecessor that died (kill -9), and is ended at once, not after the heartbeat
 * timeout and the next sweep. The clock never moves here: nothing waits for staleness.
 */
describe.skipIf(process.env.DATABASE_URL)('a restart on the embedded database', () => {
  let core: FakeAiCore;
  let crashed: TestGateway;
  let restarted: TestGateway | undefined;

  beforeAll(async () => {
    core = await FakeAiCore.start();
  });
  afterAll(async () => {
    core.release();
    await restarted?.close();
    await crashed.close();
    await core.close();
  });

  it('ends the turns its crashed predecessor left running as soon as it starts, text kept', async () => {
    const clock = new ManualClock();
    const env = { AI_CORE_URL: core.url, GENERATION_HEARTBEAT_MS: String(HEARTBEAT_MS) };
    crashed = await startTestGateway({ env, clock });
    const login = await signInTestAdmin(crashed);
    core.script = { deltas: ['说到', '一半', '没说完'], holdAfter: 2 };
    const socket = await TestSocket.open(crashed.url, {
      token: login.token,
      query: { session_id: 'session_restart1' },
    });
    socket.send({ type: 'message', content: '讲吧' });
    await socket.next('stream_chunk', (f) => f.content === '一半');
    const db = crashed.ctx.db;
    const frames = () =>
      db.selectFrom('stream_frames').select('seq').where('session_id', '=', 'session_restart1').execute();
    await expect.poll(async () => (await frames()).length).toBe(4);
    await crashed.realtime.abandon();

    restarted = await startTestGateway({
      env,
      clock,
      database: { ...crashed.database, close: async () => {} },
    });

    const turn = () =>
      db
        .selectFrom('generations')
        .select('status')
        .where('session_id', '=', 'session_restart1')
        .executeTakeFirst();
    await expect.poll(async () => (await turn())?.status).toBe('interrupted');
    const reply = await db
      .selectFrom('messages')
      .select(['content', 'meta'])
      .where('session_id', '=', 'session_restart1')
      .where('role', '=', 'assistant')
      .executeTakeFirstOrThrow();
    expect(reply.content).toBe('说到一半');
    expect(reply.meta).toMatchObject({ interrupted: true, finish_reason: 'interrupted' });
    expect(reply.meta).not.toHaveProperty('streaming', true);
  });
});
