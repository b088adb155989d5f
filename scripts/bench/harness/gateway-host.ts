import { createServer } from 'node:http';
import { createApp, type Gateway } from '../../../apps/gateway/src/app';
import { systemClock } from '../../../apps/gateway/src/clock/clock';
import { parseConfig } from '../../../apps/gateway/src/config/config';
import { openDatabase } from '../../../apps/gateway/src/db/database';
import { migrateToLatest } from '../../../apps/gateway/src/db/migrate';
import { createLogger } from '../../../apps/gateway/src/logging/logger';
import { serve } from './serve';

/**
 * A gateway as deployed, in this (child) process, on the store in DATA_DIR / DATABASE_URL
 * (see ./isolation.ts), with the rest of its settings from the environment. Logs at LOG_LEVEL
 * (default info) to stdout, which ./host.ts discards. Serves until told to stop.
 */
export async function serveGateway(
  overrides: Record<string, string> = {},
  setup: (gateway: Gateway) => Promise<void> = async () => {},
): Promise<void> {
  const config = parseConfig({
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    ...process.env,
    HOST: '127.0.0.1',
    ...overrides,
  });
  const database = await openDatabase(config);
  await migrateToLatest(database.db);
  const gateway = createApp({
    config,
    database,
    clock: systemClock,
    log: createLogger(config.logLevel),
    jwtSecret: new TextEncoder().encode(config.jwtSecret),
  });
  const server = createServer(gateway.app);
  await gateway.realtime.attach(server);
  await setup(gateway);
  await serve(server, async () => {
    await gateway.realtime.close();
    await database.close();
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await serveGateway();
