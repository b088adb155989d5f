import type { ServerFrame } from '@cyrene/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { TestSocket } from '../chat/testing/test-socket';
import { GatewayProcess } from '../testing/gateway-process';
import { call } from '../testing/http';
import { canRunOwnPostgres, OwnPostgres } from '../testing/own-postgres';
import { TEST_ADMIN } from '../testing/test-gateway';

type NotificationFrame = Extract<ServerFrame, { type: 'notification' }>;

const notifications = (socket: TestSocket): NotificationFrame[] =>
  socket.frames.filter((f): f is NotificationFrame => f.type === 'notification');

/** Each notification id a socket received, with how often. */
function counts(frames: NotificationFrame[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const f of frames) seen.set(f.notification.id, (seen.get(f.notification.id) ?? 0) + 1);
  return seen;
}

const twice = (frames: NotificationFrame[]) => [...counts(frames)].filter(([, n]) => n > 1);

async function signInAdmin(url: string): Promise<string> {
  const res = await call<{ token: string }>(url, 'POST', '/api/v1/auth/login', { body: TEST_ADMIN });
  return res.body.token;
}

/**
 * §11 under faults, with gateway processes on a PostgreSQL server of the test's own: kill -9 of
 * the instance firing reminders, and a stop of PostgreSQL during pushes. Whatever was stored
 * (a fired reminder, an acknowledged push) reaches every following connection of its user, and
 * no device is shown one twice. PostgreSQL runs only: on the embedded database only one process
 * exists.
 */
describe.skipIf(!process.env.DATABASE_URL || !canRunOwnPostgres)('§11 delivery under faults', () => {
  let server: OwnPostgres;
  const gateways: GatewayProcess[] = [];
  const sockets: TestSocket[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const gw = await GatewayProcess.start({ env: { DATABASE_URL: server.url, ...env } });
    gateways.push(gw);
    return gw;
  };
  const open = async (url: string, token: string, clientId: string) => {
    const socket = await TestSocket.open(url, { token, query: { client_id: clientId } });
    sockets.push(socket);
    return socket;
  };
  const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    const db = new pg.Client({ connectionString: server.url });
    await db.connect();
    try {
      return (await db.query<T>(text, values)).rows;
    } finally {
      await db.end();
    }
  };

  /** A fresh server and two gateway processes on it (process starts are slow on a busy machine). */
  const cluster = async (env: Record<string, string>) => {
    server = await OwnPostgres.create();
    const a = await start(env);
    // After the first has migrated the schema.
    const b = await start(env);
    return { a, b };
  };
  const teardown = async () => {
    for (const s of sockets.splice(0)) s.ws.terminate();
    await Promise.all(gateways.splice(0).map((gw) => gw.stop('SIGKILL')));
    await server?.destroy();
  };
  const printLogsOnFailure = () =>
    onTestFailed(() => {
      for (const [i, gw] of gateways.entries()) console.error(`gateway ${i}:\n${gw.log.slice(-10_000)}`);
    });

  describe('kill -9 of the instance firing reminders', () => {
    let a: GatewayProcess;
    let b: GatewayProcess;
    // A short lease: the dead instance's claimed jobs are taken over within seconds.
    beforeAll(async () => {
      ({ a, b } = await cluster({
        JOB_LEASE_MS: '3000',
        JOB_POLL_MS: '200',
        GENERATION_HEARTBEAT_MS: '500',
      }));
    }, 120_000);
    afterAll(teardown, 60_000);

    it('the survivor’s socket gets each exactly once, and so does the dead one’s device on reconnecting', async () => {
      printLogsOnFailure();
      const token = await signInAdmin(a.url);
      const onB = await open(b.url, token, 'survivor');
      const onA = await open(a.url, token, 'phone');

      const count = 200;
      // Due together a little later, so both instances claim and fire them at once.
      const due = new Date(Date.now() + 6_000).toISOString();
      const created = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          call<{ reminder: { id: string } }>(b.url, 'POST', '/api/v1/reminders', {
            token,
            body: { title: `提醒${i}`, remind_at: due },
          }),
        ),
      );
      expect(created.map((r) => r.status)).toEqual(Array(count).fill(201));

      // Mid-firing: some delivered, the rest being claimed and fired by both.
      await expect
        .poll(() => notifications(onB).length, { timeout: 30_000 })
        .toBeGreaterThanOrEqual(count / 5);
      await a.stop('SIGKILL');
      const killedAt = performance.now();

      await expect.poll(() => counts(notifications(onB)).size, { timeout: 30_000 }).toBe(count);
      const takeoverMs = performance.now() - killedAt;
      const stored = await query<{ n: string; distinct: string }>(
        "select count(*) as n, count(distinct data->>'reminder_id') as distinct from notifications where type = 'reminder'",
      );
      expect(stored.map((r) => [Number(r.n), Number(r.distinct)])).toEqual([[count, count]]);
      expect(twice(notifications(onB))).toEqual([]);

      // The device that was on the dead instance reconnects to the survivor: what it had not been
      // sent, and nothing it had.
      const phone = await open(b.url, token, 'phone');
      const onPhone = () => [...notifications(onA), ...notifications(phone)];
      await expect.poll(() => counts(onPhone()).size, { timeout: 20_000 }).toBe(count);
      expect(twice(onPhone())).toEqual([]);
      console.info(`reminders: all ${count} delivered ${Math.round(takeoverMs)} ms after the kill`);
    }, 60_000);
  });

  describe('a PostgreSQL stop during pushes', () => {
    let a: GatewayProcess;
    let b: GatewayProcess;
    beforeAll(async () => {
      ({ a, b } = await cluster({ GENERATION_HEARTBEAT_MS: '500' }));
    }, 120_000);
    afterAll(teardown, 60_000);

    it('every acknowledged push reaches both devices, each once', async () => {
      printLogsOnFailure();
      const token = await signInAdmin(a.url);
      const onA = await open(a.url, token, 'desk');
      const onB = await open(b.url, token, 'pocket');

      const acknowledged: string[] = [];
      const statuses: number[] = [];
      let pushing = true;
      const pushes = (async () => {
        for (let i = 0; pushing; i++) {
          const via = i % 2 === 0 ? a : b;
          const res = await call<{ notification: { id: string } }>(
            via.url,
            'POST',
            '/api/v1/notifications/push',
            {
              token,
              body: { user_id: 'admin', type: 'info', title: `推送${i}`, body: 'outage' },
            },
          ).catch(() => undefined);
          statuses.push(res?.status ?? 0);
          if (res?.status === 200) acknowledged.push(res.body.notification.id);
        }
      })();
      const answered = (status: number) => statuses.filter((s) => s === status).length;

      await expect.poll(() => answered(200), { timeout: 20_000 }).toBeGreaterThanOrEqual(20);
      await server.stop('immediate');
      await expect.poll(() => answered(503), { timeout: 20_000 }).toBeGreaterThanOrEqual(20);
      await server.start();
      const before = answered(200);
      await expect.poll(() => answered(200), { timeout: 30_000 }).toBeGreaterThanOrEqual(before + 20);
      pushing = false;
      await pushes;

      // A request either worked or said the database was away (never a 500, never unanswered).
      expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
      for (const socket of [onA, onB]) {
        await expect
          .poll(() => acknowledged.filter((id) => !counts(notifications(socket)).has(id)), {
            timeout: 20_000,
          })
          .toEqual([]);
        expect(twice(notifications(socket))).toEqual([]);
      }
      expect([onA.ws.readyState, onB.ws.readyState]).toEqual([onA.ws.OPEN, onB.ws.OPEN]);
    }, 60_000);
  });
});
