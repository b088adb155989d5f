/**
 * A gateway in a process of its own, for scripts/bench/realtime.ts: started on an ephemeral
 * loopback port with the settings in the environment; tells its parent the port over IPC and
 * stops when the parent says so (or goes away).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../../apps/gateway/src/app';
import { systemClock } from '../../../apps/gateway/src/clock/clock';
import { parseConfig } from '../../../apps/gateway/src/config/config';
import { openDatabase } from '../../../apps/gateway/src/db/database';
import { migrateToLatest } from '../../../apps/gateway/src/db/migrate';
import { createLogger } from '../../../apps/gateway/src/logging/logger';

const dataDir = await mkdtemp(path.join(tmpdir(), 'cyrene-bench-rt-'));
const config = parseConfig({ ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
const database = await openDatabase(config);
await migrateToLatest(database.db);
const gateway = createApp({
  config,
  database,
  clock: systemClock,
  log: createLogger('silent'),
  jwtSecret: new TextEncoder().encode(config.jwtSecret),
});
const server = createServer(gateway.app);
await gateway.realtime.attach(server);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

const stop = async () => {
  await gateway.realtime.close();
  server.closeAllConnections();
  server.close();
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('message', (m) => {
  if (m === 'stop') void stop();
  // A measurement of memory: collected first (the parent starts this process with --expose-gc).
  if (m === 'rss') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ rss: process.memoryUsage().rss });
  }
});
process.on('disconnect', () => void stop());
process.send?.({ port: (server.address() as AddressInfo).port });
