import { mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { createApp } from '../../apps/gateway/src/app';
import { systemClock } from '../../apps/gateway/src/clock/clock';
import { parseConfig } from '../../apps/gateway/src/config/config';
import { openDatabase } from '../../apps/gateway/src/db/database';
import { migrateToLatest } from '../../apps/gateway/src/db/migrate';
import { createLogger } from '../../apps/gateway/src/logging/logger';
import { type LoadResult, load } from './load';

const median = (rounds: LoadResult[]): LoadResult =>
  [...rounds].sort((a, b) => a.throughput - b.throughput)[Math.floor(rounds.length / 2)] as LoadResult;

import type { BenchResult } from './types';

async function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Authenticated GET /api/v1/profile of a normal user (token check + primary-key query)
 * against a bare Express handler running the same query on the same database.
 */
export async function run(): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cyrene-bench-'));
  const config = parseConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    REGISTRATION_ENABLED: 'true',
    AUTH_RATE_LIMIT_PER_MINUTE: '100',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    LOG_LEVEL: 'silent',
  });
  const database = await openDatabase(config);
  await migrateToLatest(database.db);
  const gateway = createApp({
    config,
    database,
    clock: systemClock,
    log: createLogger('silent'),
    jwtSecret: new TextEncoder().encode(config.jwtSecret),
  });
  const gw = await listen(gateway.app);
  const reg = await fetch(`${gw.url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'bench',
      password: 'bench-password',
      email: 'b@example.com',
      nickname: 'Bench',
      verify_code: '000000',
    }),
  });
  const { token } = (await reg.json()) as { token: string };

  const bare = express();
  bare.get('/profile', async (_req, res) => {
    const row = await database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', 'user_bench')
      .executeTakeFirst();
    res.json(row);
  });
  const base = await listen(bare);

  const auth = { authorization: `Bearer ${token}` };
  await load(`${base.url}/profile`, {}, { seconds: 1 });
  await load(`${gw.url}/api/v1/profile`, auth, { seconds: 1 });
  // Interleaved rounds, so a noisy neighbour on the machine hurts both sides alike.
  const baselineRounds: LoadResult[] = [];
  const gatewayRounds: LoadResult[] = [];
  for (let round = 0; round < 3; round++) {
    baselineRounds.push(await load(`${base.url}/profile`, {}, { seconds: 2 }));
    gatewayRounds.push(await load(`${gw.url}/api/v1/profile`, auth, { seconds: 2 }));
  }
  const baseline = median(baselineRounds);
  const gateway5 = median(gatewayRounds);

  await gw.close();
  await base.close();
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
  const engine = config.databaseUrl ? 'postgres' : 'pglite';
  return [
    {
      name: `profile: throughput (${engine})`,
      value: Math.round(gateway5.throughput),
      unit: 'req/s',
      baseline: Math.round(baseline.throughput),
      ratio: gateway5.throughput / baseline.throughput,
      goal: '≥ 0.8×',
    },
    {
      name: `profile: p99 latency (${engine})`,
      value: Number(gateway5.p99.toFixed(2)),
      unit: 'ms',
      baseline: Number(baseline.p99.toFixed(2)),
      ratio: gateway5.p99 / baseline.p99,
      goal: '≤ 1.5×',
    },
  ];
}
