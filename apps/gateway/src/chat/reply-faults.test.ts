import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { FakeAiCore } from '../testing/fake-ai-core';
import { GatewayProcess } from '../testing/gateway-process';
import { call } from '../testing/http';
import { canRunOwnPostgres, OwnPostgres } from '../testing/own-postgres';
import { TEST_ADMIN } from '../testing/test-gateway';
import { TestSocket } from './testing/test-socket';

const HEARTBEAT_MS = 500;

/**
 * §2 under a crash: two gateway processes on a PostgreSQL server of the test's own, and kill -9
 * of the one streaming a reply. The survivor ends the turn as interrupted with the text streamed
 * so far — to its own followers, in the stored message, and to a device that resumes there —
 * and the session goes on. PostgreSQL runs only: on the embedded database only one process exists.
 */
describe.skipIf(!process.env.DATABASE_URL || !canRunOwnPostgres)('§2 a reply under kill -9', () => {
  let server: OwnPostgres;
  let ai: FakeAiCore;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    server = await OwnPostgres.create();
    ai = await FakeAiCore.start();
    const env = {
      DATABASE_URL: server.url,
      AI_CORE_URL: ai.url,
      GENERATION_HEARTBEAT_MS: String(HEARTBEAT_MS),
    };
    a = await GatewayProcess.start({ env });
    b = await GatewayProcess.start({ env });
    // Process starts are slow on a busy machine; the test itself is bounded on its own.
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await ai?.close();
    await server?.destroy();
  }, 60_000);

  it('kill -9 of the instance streaming: the survivor ends it as interrupted, text kept, each frame once', async () => {
    onTestFailed(() =>
      console.error(`gateway a:\n${a.log.slice(-10_000)}\ngateway b:\n${b.log.slice(-10_000)}`),
    );
    const login = await call<{ token: string }>(a.url, 'POST', '/api/v1/auth/login', { body: TEST_ADMIN });
    const token = login.body.token;
    const session = 'session_killed01';
    const onA = await TestSocket.open(a.url, { token, query: { session_id: session, client_id: 'phone' } });
    const onB = await TestSocket.open(b.url, { token, query: { session_id: session, client_id: 'laptop' } });
    const deltas = Array.from({ length: 30 }, (_, i) => `段${i} `);
    ai.script = { deltas, holdAfter: 12 };
    onA.send({ type: 'message', content: '讲个故事' });
    // Stored and seen on the other instance before the crash.
    await onB.next('stream_chunk', (f) => f.content === deltas[11]);
    await a.stop('SIGKILL');
    const killedAt = performance.now();
    ai.release();

    const said = deltas.slice(0, 12).join('');
    const end = await onB.next('stream_end', () => true, 20_000);
    const endedAfterMs = performance.now() - killedAt;
    expect(end).toMatchObject({ text: said, finish_reason: 'interrupted', interrupted: true });
    const seqs = onB.sequenced().map((f) => f.seq);
    expect(new Set(seqs).size).toBe(seqs.length);

    // The device of the dead instance resumes on the survivor: the frames it lacks, each once.
    const lastSeen = Math.max(...onA.sequenced().map((f) => f.seq));
    const phone = await TestSocket.open(b.url, { token, query: { session_id: session, client_id: 'phone' } });
    phone.send({ type: 'resume', session_id: session, after_seq: lastSeen });
    await phone.next('stream_end', () => true, 10_000);
    const resumed = [...onA.sequenced(), ...phone.sequenced()].map((f) => f.seq);
    expect(new Set(resumed).size).toBe(resumed.length);
    // Everything the other device got, except the echo of the phone's own message.
    const echo = onB.sequenced().find((f) => f.type === 'response')?.seq;
    expect(resumed).toEqual(seqs.filter((seq) => seq !== echo));

    const db = new pg.Client({ connectionString: server.url });
    await db.connect();
    try {
      const stored = await db.query(
        "select content, meta from messages where session_id = $1 and role = 'assistant'",
        [session],
      );
      expect(stored.rows).toEqual([
        { content: said, meta: expect.objectContaining({ streaming: false, finish_reason: 'interrupted' }) },
      ]);
    } finally {
      await db.end();
    }

    // The session goes on on the survivor.
    ai.script = { deltas: ['还在'] };
    phone.send({ type: 'message', content: '你还在吗' });
    expect(await phone.next('stream_end', (f) => f.text === '还在', 10_000)).toMatchObject({
      finish_reason: 'stop',
    });
    await Promise.all([onB.close(), phone.close()]);
    console.info(`reply: ended as interrupted ${Math.round(endedAfterMs)} ms after the kill`);
  }, 60_000);
});
