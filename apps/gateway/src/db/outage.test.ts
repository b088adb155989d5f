import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { TestSocket } from '../chat/testing/test-socket';
import { FakeAiCore } from '../testing/fake-ai-core';
import { GatewayProcess } from '../testing/gateway-process';
import { call } from '../testing/http';
import { Load, type Outcome } from '../testing/load';
import { canRunOwnPostgres, OwnPostgres } from '../testing/own-postgres';
import { TEST_ADMIN } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../testing/users';

/** Stops of the server, alternating an operator's fast shutdown (57P01) and a crash. */
const OUTAGES = 10;
/** Requests answered 503 before the server comes back: an outage of a few seconds under this load. */
const UNAVAILABLE_PER_OUTAGE = 100;

const HEARTBEAT_MS = 500;

const readiness = async (gw: GatewayProcess) => (await call(gw.url, 'GET', '/api/v1/health/ready')).status;
const isUnavailable = (o: Outcome) => o === 503;
const isSuccess = (o: Outcome) => o === 200 || o === 201;

/**
 * Two gateway processes on a PostgreSQL server of the test's own, which is stopped and started
 * again OUTAGES times while pushes, chat messages and REST writes keep coming. Every process must
 * still be running afterwards and serve without a restart; during each outage requests answer
 * 503, never 500, and never go unanswered. Runs on PostgreSQL runs only (DATABASE_URL set): it
 * needs PostgreSQL's binaries, and has nothing to stop on the embedded database.
 */
describe.skipIf(!process.env.DATABASE_URL || !canRunOwnPostgres)('PostgreSQL outages under load', () => {
  let server: OwnPostgres;
  let ai: FakeAiCore;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    server = await OwnPostgres.create();
    ai = await FakeAiCore.start();
    // Replies long enough to be streaming (and writing) when the server goes away.
    ai.script = { deltas: Array.from({ length: 20 }, (_, i) => `${i} `), delayMs: 20 };
    // A short heartbeat: an outage of a few seconds outlasts the staleness window (3 beats).
    const env = {
      DATABASE_URL: server.url,
      AI_CORE_URL: ai.url,
      GENERATION_HEARTBEAT_MS: String(HEARTBEAT_MS),
    };
    a = await GatewayProcess.start({ env });
    // After the first has migrated the schema.
    b = await GatewayProcess.start({ env });
  }, 120_000);

  afterAll(async () => {
    // Up again if a failed test left it stopped: a graceful stop then has nothing to wait out.
    await server?.start().catch(() => {});
    await Promise.all([a?.stop(), b?.stop()]);
    await ai?.close();
    await server?.destroy();
  }, 60_000);

  it(`no gateway process dies across ${OUTAGES} stops of its server under load, and each serves afterwards`, async () => {
    // The chat socket is the administrator's (§13); REST writes are a user's.
    const signIn = await signInTestAdmin(a);
    const admin = signIn.token;
    const user = await registerTestUser(b.url, 'steady');
    const load = new Load({
      writers: [
        { url: a.url, token: user.token },
        { url: b.url, token: user.token },
      ],
      pushesFrom: { url: a.url, token: admin },
      pushesTo: signIn.userId,
      chatters: [
        { url: a.url, token: admin },
        { url: b.url, token: admin },
      ],
    }).start();

    // One of the administrator's sockets on each instance: a push sent through one instance must
    // reach the socket on the other, so both buses are listening again after each restart.
    const onA = await TestSocket.open(a.url, { token: admin });
    const onB = await TestSocket.open(b.url, { token: admin });
    let probes = 0;
    const push = (gw: GatewayProcess, title: string) =>
      call(gw.url, 'POST', '/api/v1/notifications/push', {
        token: admin,
        body: { user_id: signIn.userId, type: 'info', title, body: 'probe' },
      });
    const received = (socket: TestSocket, prefix: string) =>
      socket.frames.some((f) => f.type === 'notification' && f.notification.title.startsWith(prefix));
    const crossInstanceDelivery = async (outage: number) => {
      probes++;
      await push(a, `a${outage}:${probes}`);
      await push(b, `b${outage}:${probes}`);
      return received(onB, `a${outage}:`) && received(onA, `b${outage}:`);
    };

    for (let i = 0; i < OUTAGES; i++) {
      const before = load.outcomes.length;
      await server.stop(i % 2 === 0 ? 'fast' : 'immediate');
      // Down until both say so and requests have met the outage: no fixed duration.
      await expect.poll(() => readiness(a), { timeout: 20_000 }).toBe(503);
      await expect.poll(() => readiness(b), { timeout: 20_000 }).toBe(503);
      await expect
        .poll(() => load.count(before, isUnavailable), { timeout: 30_000 })
        .toBeGreaterThanOrEqual(UNAVAILABLE_PER_OUTAGE);
      const down = load.outcomes.length;
      await server.start();
      await expect.poll(() => readiness(a), { timeout: 20_000 }).toBe(200);
      await expect.poll(() => readiness(b), { timeout: 20_000 }).toBe(200);
      await expect.poll(() => load.count(down, isSuccess), { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
      await expect.poll(() => crossInstanceDelivery(i), { timeout: 20_000 }).toBe(true);
    }
    await load.stop();
    // The sockets open before the first outage lived through all of them.
    expect([onA.ws.readyState, onB.ws.readyState]).toEqual([onA.ws.OPEN, onB.ws.OPEN]);
    await Promise.all([onA.close(), onB.close()]);

    expect([a.running, b.running]).toEqual([true, true]);
    expect([...a.fatalLines(), ...b.fatalLines()]).toEqual([]);
    // Every request had an answer, and each one either worked or said the database was away.
    const unexpected = load.outcomes.filter((o) => !isSuccess(o) && !isUnavailable(o));
    expect(unexpected).toEqual([]);
    // Chat messages sent while the database was away were answered with an error frame saying so.
    const errorTypes = new Set(load.frames.flatMap((f) => (f.type === 'error' ? [f.errorType] : [])));
    expect([...errorTypes]).toEqual(['service_unavailable']);

    // Serving without a restart: sign-in, writes, and a push from one instance to a socket on the other.
    const socket = await TestSocket.open(b.url, { token: admin });
    try {
      for (const gw of [a, b]) {
        const login = await call(gw.url, 'POST', '/api/v1/auth/login', { body: TEST_ADMIN });
        expect(login.status).toBe(200);
        expect((await call(gw.url, 'POST', '/api/v1/sessions', { token: user.token, body: {} })).status).toBe(
          201,
        );
      }
      const pushed = await call(a.url, 'POST', '/api/v1/notifications/push', {
        token: admin,
        body: { user_id: signIn.userId, type: 'info', title: 'after the outages', body: 'still here' },
      });
      expect(pushed.status).toBe(200);
      await socket.next('notification', (f) => f.notification.title === 'after the outages');
    } finally {
      await socket.close();
    }
  }, 110_000);

  it('a reply whose upstream finishes while the database is away is stored whole, and its stream_end says so', async () => {
    onTestFailed(async () => {
      const pgLog = (await server.log()).slice(-5_000);
      console.error(
        `gateway a:\n${a.log.slice(-20_000)}\ngateway b:\n${b.log.slice(-5_000)}\nPostgreSQL:\n${pgLog}`,
      );
    });
    const admin = await signInTestAdmin(a);
    const session = 'session_outage_reply';
    const onA = await TestSocket.open(a.url, { token: admin.token, query: { session_id: session } });
    const onB = await TestSocket.open(b.url, { token: admin.token, query: { session_id: session } });
    const deltas = Array.from({ length: 40 }, (_, i) => `第${i}段 `);
    ai.script = { deltas, holdAfter: 10 };
    onA.send({ type: 'message', content: '讲一个长故事' });
    await onA.next('stream_chunk', (f) => f.content === deltas[9]);

    // Each instance sweeps for dead turns once a heartbeat; during the outage each sweep fails.
    const failedSweeps = () => b.log.split('ending the turns of stopped instances failed').length - 1;
    const sweepsBefore = failedSweeps();
    await server.stop('fast');
    ai.release();
    // The upstream finishes; the device on the same instance gets every chunk at once.
    await onA.next('stream_chunk', (f) => f.content === deltas[39]);
    // Held down past the staleness window (3 heartbeats): when it is back, the turn has not beaten
    // for longer than that, and must not be taken for dead.
    await expect.poll(() => failedSweeps() - sweepsBefore, { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    await server.start();

    const whole = deltas.join('');
    // The reply's writes retry with pauses of at most 2 s; the other instance's copy of the end
    // comes over the bus, or from the stream log when the turn's end is announced.
    const [endA, endB] = await Promise.all([
      onA.next('stream_end', () => true, 30_000),
      onB.next('stream_end', () => true, 30_000),
    ]);
    expect(endA).toMatchObject({ text: whole, finish_reason: 'stop' });
    expect(endB).toEqual(endA);
    expect(onA.frames.filter((f) => f.type === 'error')).toEqual([]);

    const db = new pg.Client({ connectionString: server.url });
    await db.connect();
    try {
      const stored = await db.query<{
        content: string;
        meta: { streaming?: boolean; finish_reason?: string };
      }>("select content, meta from messages where session_id = $1 and role = 'assistant'", [session]);
      expect(stored.rows).toEqual([
        { content: whole, meta: expect.objectContaining({ streaming: false, finish_reason: 'stop' }) },
      ]);
      const turn = await db.query('select status from generations where session_id = $1', [session]);
      expect(turn.rows).toEqual([{ status: 'done' }]);
    } finally {
      await db.end();
      await Promise.all([onA.close(), onB.close()]);
    }
  }, 90_000);
});
