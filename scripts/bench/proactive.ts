import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import pg from 'pg';
import { createApp, type Gateway } from '../../apps/gateway/src/app';
import { systemClock } from '../../apps/gateway/src/clock/clock';
import { type Config, parseConfig } from '../../apps/gateway/src/config/config';
import { type GatewayDatabase, openPostgres } from '../../apps/gateway/src/db/database';
import { migrateToLatest } from '../../apps/gateway/src/db/migrate';
import { createLogger } from '../../apps/gateway/src/logging/logger';
import { anchorOf } from '../../apps/gateway/src/reminders/repeat';
import { type BenchContext, profileFlags } from './harness/context';
import { startHost } from './harness/host';
import { percentile } from './harness/http-load';
import { isolatedStore } from './harness/isolation';
import type { BenchResult } from './types';

const GATEWAY_HOST = fileURLToPath(new URL('./harness/gateway-host.ts', import.meta.url));
const BARE_HOST = fileURLToPath(new URL('./proactive/fanout-bare-host.ts', import.meta.url));

/**
 * §11–§12 under load:
 * - one notification pushed to 1,000 WebSocket connections of a user: the delay from the push
 *   request to each frame's arrival (p99), against a bare `ws` server broadcasting the same
 *   frame to as many clients (the cost of fan-out alone);
 * - 10,000 reminders due at the same instant, fired by two gateway instances on one PostgreSQL:
 *   how long until the last one fired, and how many fired twice; against one instance alone.
 */

const CLIENTS = Number(process.env.PROACTIVE_BENCH_CLIENTS ?? 1_000);
const PUSHES = Number(process.env.PROACTIVE_BENCH_PUSHES ?? 20);
const REMINDERS = Number(process.env.PROACTIVE_BENCH_REMINDERS ?? 10_000);
const ADMIN = { username: 'admin', password: 'bench-admin-password' };

interface Running {
  gateway: Gateway;
  url: string;
  close(): Promise<void>;
}

function configFor(dataDir: string, databaseUrl: string | undefined): Config {
  return parseConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    LOG_LEVEL: 'silent',
    WS_HEARTBEAT_MS: '600000',
  });
}

async function startGateway(config: Config, database: GatewayDatabase): Promise<Running> {
  const gateway = createApp({
    config,
    database,
    clock: systemClock,
    log: createLogger('silent'),
    jwtSecret: new TextEncoder().encode(config.jwtSecret),
  });
  const server = createServer(gateway.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await gateway.realtime.attach(server);
  gateway.services.jobs.start();
  return {
    gateway,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await gateway.services.jobs.stop();
      await gateway.realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The receiving clients run in a worker thread, so their parsing does not compete with the
 * gateway for the main thread. Times are `performance.timeOrigin + now()`, comparable across threads.
 */
const CLIENT_WORKER = `
const { parentPort } = require('node:worker_threads');
const WebSocket = require('ws');
const sockets = [];
const arrivals = new Map();
let expected = 0;
parentPort.on('message', async (msg) => {
  if (msg.cmd === 'open') {
    expected = msg.n;
    for (let i = 0; i < msg.n; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, msg.n - i) }, (_, j) => new Promise((resolve, reject) => {
        const ws = new WebSocket(msg.url + '&client_id=bench-' + (i + j), { perMessageDeflate: false });
        ws.on('message', (data) => {
          const at = performance.timeOrigin + performance.now();
          const frame = JSON.parse(data.toString());
          if (frame.type !== 'notification') return;
          const title = frame.notification.title;
          const times = arrivals.get(title) || [];
          times.push(at);
          arrivals.set(title, times);
          if (times.length === expected) parentPort.postMessage({ title, times });
        });
        ws.once('open', () => { sockets.push(ws); resolve(); });
        ws.once('error', reject);
      })));
    }
    parentPort.postMessage({ opened: sockets.length });
  } else if (msg.cmd === 'close') {
    await Promise.all(sockets.map((ws) => new Promise((resolve) => { ws.once('close', resolve); ws.close(); })));
    parentPort.postMessage({ closed: true });
  }
});
`;

const now = () => performance.timeOrigin + performance.now();

/** Clients in a worker: open them, then `arrivals(title)` resolves with when each got that frame. */
async function workerClients(url: string, n: number) {
  const worker = new Worker(CLIENT_WORKER, { eval: true });
  const waiting = new Map<string, (times: number[]) => void>();
  let onOpened: ((n: number) => void) | undefined;
  let onClosed: (() => void) | undefined;
  worker.on('message', (msg: { title?: string; times?: number[]; opened?: number; closed?: boolean }) => {
    if (msg.title !== undefined && msg.times) waiting.get(msg.title)?.(msg.times);
    if (msg.opened !== undefined) onOpened?.(msg.opened);
    if (msg.closed) onClosed?.();
  });
  const opened = await new Promise<number>((resolve) => {
    onOpened = resolve;
    worker.postMessage({ cmd: 'open', url, n });
  });
  if (opened !== n) throw new Error(`only ${opened} of ${n} clients connected`);
  return {
    arrivals: (title: string) =>
      new Promise<number[]>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`frame ${title} did not reach every client`)),
          15_000,
        );
        waiting.set(title, (times) => {
          clearTimeout(timer);
          resolve(times);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        onClosed = resolve;
        worker.postMessage({ cmd: 'close' });
      });
      await worker.terminate();
    },
  };
}

/**
 * p99 of push request → arrival at each of CLIENTS connections, over PUSHES pushes: `push(title,
 * token)` asks the server to send the frame. The first push warms up (JIT, buffers), uncounted.
 */
async function fanOut(wsUrl: string, push: (title: string) => Promise<void>): Promise<number> {
  const clients = await workerClients(wsUrl, CLIENTS);
  const delays: number[] = [];
  try {
    for (let i = -1; i < PUSHES; i++) {
      const title = `bench-${i}`;
      const arrived = clients.arrivals(title);
      const sentAt = now();
      await push(title);
      const times = await arrived;
      if (i >= 0) for (const at of times) delays.push(at - sentAt);
    }
  } finally {
    await clients.close();
  }
  return percentile(
    delays.sort((a, b) => a - b),
    99,
  );
}

/** The gateway (a process of its own, on a store of its own): POST /notifications/push to the administrator. */
async function notificationFanOut(ctx: BenchContext): Promise<number> {
  const store = await isolatedStore('proactive');
  const host = await startHost(GATEWAY_HOST, [], {
    env: {
      ...store.env,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      WS_HEARTBEAT_MS: '600000',
      // Every client is the administrator's.
      WS_MAX_CONNECTIONS_PER_USER: String(CLIENTS + 100),
    },
    nodeFlags: profileFlags(ctx),
    manyFiles: true,
  });
  try {
    const login = await fetch(`${host.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { token } = (await login.json()) as { token: string };
    return await fanOut(`${host.url.replace('http', 'ws')}/ws/chat?token=${token}`, async (title) => {
      const res = await fetch(`${host.url}/api/v1/notifications/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ user_id: 'admin', type: 'info', title, body: 'fan-out' }),
      });
      await res.text();
    });
  } finally {
    await host.stop();
    await store.drop();
  }
}

/** The same fan-out from a bare `ws` server in a process of its own (proactive/fanout-bare-host.ts). */
async function bareFanOut(): Promise<number> {
  const host = await startHost(BARE_HOST, [], { manyFiles: true });
  try {
    return await fanOut(`${host.url.replace('http', 'ws')}/?x=1`, async (title) => {
      const res = await fetch(`${host.url}/push`, { method: 'POST', body: JSON.stringify({ title }) });
      await res.text();
    });
  } finally {
    await host.stop();
  }
}

/** Inserts REMINDERS pending reminders due at `dueAt`, with their jobs, in bulk. */
async function seedReminders(database: GatewayDatabase, gw: Gateway, dueAt: Date): Promise<void> {
  const now = new Date();
  for (let i = 0; i < REMINDERS; i += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, REMINDERS - i) }, (_, j) => ({
      id: randomUUID(),
      user_id: 'admin',
      title: `r${i + j}`,
      description: '',
      remind_at: dueAt,
      status: 'pending' as const,
      repeat_type: 'none' as const,
      session_id: '',
      notified: false,
      timezone: 'UTC',
      anchor_local: anchorOf(dueAt, 'UTC'),
      created_at: now,
      updated_at: now,
    }));
    await database.db.insertInto('reminders').values(rows).execute();
    await gw.services.jobs.ensure(
      rows.map((r) => ({
        kind: 'reminder',
        key: `reminder:${r.id}`,
        runAt: dueAt,
        payload: { reminder_id: r.id },
      })),
    );
  }
}

/** Seconds from the due time until the last of the reminders fired, and how many fired more than once. */
async function fireReminders(
  url: string,
  instances: number,
): Promise<{ seconds: number; duplicates: number; fired: number }> {
  const database = openPostgres(url, 10);
  const config = configFor(await mkdtemp(path.join(tmpdir(), 'cyrene-bench-')), url);
  const gateways: Running[] = [];
  for (let i = 0; i < instances; i++) {
    gateways.push(await startGateway(config, i === 0 ? database : openPostgres(url, 10)));
  }
  const first = gateways[0] as Running;
  const dueAt = new Date(Math.ceil((Date.now() + 8_000) / 1000) * 1000);
  await seedReminders(database, first.gateway, dueAt);
  const count = async () => {
    const row = await sql<{ n: number; distinct_n: number; last: Date | null }>`
      select count(*)::int as n, count(distinct data->>'reminder_id')::int as distinct_n, max(created_at) as last
      from notifications where type = 'reminder'`.execute(database.db);
    return row.rows[0] ?? { n: 0, distinct_n: 0, last: null };
  };
  const deadline = dueAt.getTime() + 120_000;
  let state = await count();
  while (state.distinct_n < REMINDERS && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    state = await count();
  }
  for (const g of gateways) await g.close();
  for (const g of gateways) await g.gateway.ctx.database.close();
  return {
    seconds: state.last ? (state.last.getTime() - dueAt.getTime()) / 1000 : Number.NaN,
    duplicates: state.n - state.distinct_n,
    fired: state.distinct_n,
  };
}

/** A fresh, migrated database on the PostgreSQL server of `url`, dropped by the returned function. */
async function freshPostgres(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cyrene_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = openPostgres(u.toString(), 1);
  await migrateToLatest(database.db);
  await database.close();
  return {
    url: u.toString(),
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const databaseUrl = process.env.DATABASE_URL;
  const engine = databaseUrl ? 'postgres' : 'pglite';

  // Fan-out, on whichever engine the bench runs.
  const baseline = await bareFanOut();
  const p99 = await notificationFanOut(ctx);
  results.push({
    name: `notifications: push → ${CLIENTS} clients p99 (${engine})`,
    value: Number(p99.toFixed(1)),
    unit: 'ms',
    baseline: Number(baseline.toFixed(1)),
    ratio: p99 / baseline,
    goal: '≤ 100 ms',
  });

  if (!databaseUrl) {
    console.log(
      `reminders: ${REMINDERS} due at once on two instances needs DATABASE_URL (PostgreSQL); skipped on PGlite`,
    );
    return results;
  }
  const one = await freshPostgres(databaseUrl);
  const single = await fireReminders(one.url, 1).finally(() => one.drop());
  const two = await freshPostgres(databaseUrl);
  const pair = await fireReminders(two.url, 2).finally(() => two.drop());
  results.push(
    {
      name: `reminders: ${REMINDERS} due at once, last fired after (2 instances)`,
      value: Number(pair.seconds.toFixed(2)),
      unit: 's',
      baseline: Number(single.seconds.toFixed(2)),
      ratio: pair.seconds / single.seconds,
      goal: `≤ 60 s, all ${REMINDERS} fired`,
    },
    { name: 'reminders: fired (2 instances)', value: pair.fired, unit: 'reminders', goal: `= ${REMINDERS}` },
    { name: 'reminders: fired twice (2 instances)', value: pair.duplicates, unit: 'reminders', goal: '= 0' },
  );
  return results;
}
