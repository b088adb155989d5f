import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { type BenchContext, profileFlags } from './harness/context';
import { type Host, startHost } from './harness/host';
import { percentile } from './harness/http-load';
import { engine, isolatedStore, type Store } from './harness/isolation';
import type { BenchResult } from './types';

/*
 * The chat WebSocket (§2):
 * - relay overhead: from the moment the upstream writes a chunk to the moment the client has
 *   its stream_chunk, through the gateway, against the same chunks through a bare relay
 *   (fetch the SSE, forward each delta as a ws frame) — p99 added, goal ≤ 1 ms;
 * - 10,000 idle authenticated connections, opened from a process of their own: the gateway's
 *   RSS with them (goal ≤ 1 GiB), and its RSS per connection against a bare `ws` server's.
 * The gateway and both baselines are processes of their own (harness/host.ts).
 * Loopback only; every step has a deadline.
 */

const CHUNKS_PER_ROUND = 250;
const ROUNDS = Number(process.env.REALTIME_BENCH_ROUNDS ?? 8);
const GAP_MS = 1;
const IDLE_CONNECTIONS = Number(process.env.REALTIME_BENCH_CONNECTIONS ?? 10_000);
const STEP_TIMEOUT_MS = 60_000;
const ADMIN_PASSWORD = 'bench-admin-password';

const here = (name: string) => fileURLToPath(new URL(`./realtime/${name}`, import.meta.url));

/** A child process (tsx), with the open-file limit raised to the hard limit where the shell allows. */
function child(script: string, env: Record<string, string>): ChildProcess {
  const command = `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "${process.execPath}" --expose-gc --import tsx "${here(script)}"`;
  return spawn('bash', ['-c', command], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function firstMessage<T>(proc: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${STEP_TIMEOUT_MS} ms`)),
      STEP_TIMEOUT_MS,
    );
    proc.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as T);
    });
    proc.once('exit', (code) => reject(new Error(`${what} exited (${code})`)));
  });
}

function stopChild(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.send('stop');
  });
}

/**
 * A paced AI-Core: chunk i+1 is written GAP_MS after the client got chunk i, so every chunk's
 * trip is measured alone. `sentAt[i]` is when chunk i was written.
 */
class PacedUpstream {
  sentAt: number[] = [];
  private ack: ((i: number) => void) | undefined;

  received(i: number): void {
    this.ack?.(i);
  }

  async answer(res: ServerResponse): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    this.sentAt = [];
    for (let i = 0; i < CHUNKS_PER_ROUND; i++) {
      const acked = new Promise<void>((resolve) => {
        this.ack = (n) => n === i && resolve();
      });
      this.sentAt[i] = performance.now();
      res.write(`data: ${JSON.stringify({ delta: `${i}:${'字'.repeat(8)}` })}\n\n`);
      await acked;
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    res.write(`data: ${JSON.stringify({ done: true, finish_reason: 'stop' })}\n\n`);
    res.end('data: [DONE]\n\n');
  }
}

/** One streamed reply through `wsUrl`; per-chunk trip times in ms (the first chunk left out). */
async function round(wsUrl: string, upstream: PacedUpstream, firstFrame: string): Promise<number[]> {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const trips: number[] = [];
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('relay round timed out')), STEP_TIMEOUT_MS);
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; content?: string };
      if (frame.type !== 'stream_chunk' || frame.content === undefined) return;
      const i = Number(frame.content.slice(0, frame.content.indexOf(':')));
      const at = performance.now();
      if (i > 0) trips.push(at - (upstream.sentAt[i] ?? at));
      upstream.received(i);
      if (i === CHUNKS_PER_ROUND - 1) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  ws.send(firstFrame);
  await done;
  ws.close();
  return trips;
}

async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** Starts a gateway process on a store of its own; resolves with it, its store and an administrator token. */
async function startGateway(
  env: Record<string, string>,
  ctx: BenchContext,
): Promise<{ host: Host; store: Store; baseUrl: string; token: string }> {
  const store = await isolatedStore('realtime');
  try {
    const host = await startHost(here('gateway-process.ts'), [], {
      env: { ...env, ...store.env },
      nodeFlags: profileFlags(ctx),
      manyFiles: true,
    });
    return { host, store, baseUrl: host.url, token: await login(host.url) };
  } catch (e) {
    await store.drop();
    throw e;
  }
}

async function stopGateway(gateway: { host: Host; store: Store }): Promise<void> {
  await gateway.host.stop();
  await gateway.store.drop();
}

async function relayOverhead(
  env: Record<string, string>,
  upstream: PacedUpstream,
  ctx: BenchContext,
): Promise<BenchResult[]> {
  const gateway = await startGateway(env, ctx);
  const relay = await startHost(here('relay-process.ts'), [], { env });
  try {
    const gatewayWs = `${gateway.baseUrl.replace('http', 'ws')}/ws/chat?token=${gateway.token}&session_id=session_benchrelay`;
    const relayWs = `${relay.url.replace('http', 'ws')}/`;
    const message = JSON.stringify({ type: 'message', content: 'bench' });
    await round(relayWs, upstream, message);
    await round(gatewayWs, upstream, message);
    // Interleaved, so a noisy neighbour on the machine hurts both sides alike; the added p99 is
    // the median over the pairs of rounds, so one disturbed round does not decide it.
    const viaGateway: number[] = [];
    const viaRelay: number[] = [];
    const added: number[] = [];
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    for (let r = 0; r < ROUNDS; r++) {
      const relayTrips = await round(relayWs, upstream, message);
      const gatewayTrips = await round(gatewayWs, upstream, message);
      viaRelay.push(...relayTrips);
      viaGateway.push(...gatewayTrips);
      added.push(percentile(sorted(gatewayTrips), 99) - percentile(sorted(relayTrips), 99));
    }
    viaGateway.sort((a, b) => a - b);
    viaRelay.sort((a, b) => a - b);
    const p = (xs: number[], q: number) => Number(percentile(xs, q).toFixed(3));
    return [
      {
        name: `realtime: chunk relay p50 (${engine})`,
        value: p(viaGateway, 50),
        unit: 'ms',
        baseline: p(viaRelay, 50),
        ratio: p(viaGateway, 50) / p(viaRelay, 50),
      },
      {
        name: `realtime: chunk relay p99 (${engine})`,
        value: p(viaGateway, 99),
        unit: 'ms',
        baseline: p(viaRelay, 99),
        ratio: p(viaGateway, 99) / p(viaRelay, 99),
      },
      {
        name: `realtime: chunk relay p99 added, median of ${ROUNDS} rounds (${engine})`,
        value: p(sorted(added), 50),
        unit: 'ms',
        goal: '≤ 1 ms',
      },
    ];
  } finally {
    await stopGateway(gateway);
    await relay.stop();
  }
}

/** Opens `count` idle connections to `wsUrl` from a process of their own; resolves once all are tried. */
async function openConnections(wsUrl: string, count: number) {
  const proc = child('connections-process.ts', { WS_URL: wsUrl, COUNT: String(count), CONCURRENCY: '100' });
  const opened = await firstMessage<{ opened: number; failed: number; seconds: number }>(proc, 'connections');
  return { ...opened, close: () => stopChild(proc) };
}

/**
 * A server's resident set per idle connection: RSS after garbage collection settles with
 * `count` connections open, less the same with none, over the count. A first small batch
 * is opened and closed before the "none" sample, so what a server allocates once, on its first
 * connection (code, caches, buffers), is not counted as a cost of each.
 */
async function perConnection(server: Host, wsUrl: string, count: number) {
  const warm = await openConnections(wsUrl, Math.min(100, count));
  await warm.close();
  const before = await server.settledRss();
  const open = await openConnections(wsUrl, count);
  try {
    const after = await server.settledRss();
    return { ...open, before, after, perConnection: (after - before) / Math.max(1, open.opened) };
  } finally {
    await open.close();
  }
}

/**
 * Idle authenticated connections to the gateway, against the same number to a bare `ws`
 * server (relay-process.ts): both servers are processes of the same shape (node --expose-gc
 * under harness/host.ts), sampled the same way.
 */
async function idleConnections(env: Record<string, string>, ctx: BenchContext): Promise<BenchResult[]> {
  const gateway = await startGateway(env, ctx);
  const bare = await startHost(here('relay-process.ts'), [], { env, manyFiles: true });
  try {
    const wsUrl = `${gateway.baseUrl.replace('http', 'ws')}/ws/chat?token=${gateway.token}`;
    const gw = await perConnection(gateway.host, wsUrl, IDLE_CONNECTIONS);
    const base = await perConnection(bare, `${bare.url.replace('http', 'ws')}/`, IDLE_CONNECTIONS);
    const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
    const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
    return [
      {
        name: `realtime: gateway RSS, ${gw.opened} idle ws (${engine})`,
        value: mib(gw.after),
        unit: 'MiB',
        baseline: mib(gw.before),
        ratio: gw.after / gw.before,
        goal: `≤ 1024 MiB (opened ${gw.opened}/${IDLE_CONNECTIONS}, ${gw.failed} failed, in ${gw.seconds.toFixed(1)} s)`,
      },
      {
        name: `realtime: RSS per idle connection (${engine})`,
        value: kib(gw.perConnection),
        unit: 'KiB',
        baseline: kib(base.perConnection),
        ratio: gw.perConnection / base.perConnection,
      },
    ];
  } finally {
    await bare.stop();
    await stopGateway(gateway);
  }
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const upstream = new PacedUpstream();
  const aiCore = createServer((req, res) => {
    req.resume();
    req.on('end', () => void upstream.answer(res));
  });
  await new Promise<void>((resolve) => aiCore.listen(0, '127.0.0.1', resolve));
  const env = {
    AI_CORE_URL: `http://127.0.0.1:${(aiCore.address() as AddressInfo).port}`,
    ADMIN_PASSWORD,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    // Every idle connection is the administrator's.
    WS_MAX_CONNECTIONS_PER_USER: String(IDLE_CONNECTIONS + 100),
  };
  try {
    return [...(await relayOverhead(env, upstream, ctx)), ...(await idleConnections(env, ctx))];
  } finally {
    aiCore.closeAllConnections();
    aiCore.close();
  }
}
