import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type Gateway } from '../app';
import { type Clock, systemClock } from '../clock/clock';
import { type Config, parseConfig } from '../config/config';
import type { GatewayDatabase } from '../db/database';
import type { ProcessFaults } from '../health/process-faults';
import { createHttpServer } from '../http/http-server';
import { listenMetrics } from '../http/metrics-endpoint';
import { createLogger, type Logger } from '../logging/logger';
import { createTestDatabase } from './test-database';

export const TEST_ADMIN = { username: 'admin', password: 'admin-password-for-tests' } as const;

export interface TestGateway extends Gateway {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** With METRICS_PORT set: `http://127.0.0.1:<that port>`. */
  metricsUrl?: string;
  server: Server;
  config: Config;
  database: GatewayDatabase;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Environment-style settings over the test defaults, e.g. `{ REGISTRATION_ENABLED: 'false' }`. */
  env?: Record<string, string>;
  clock?: Clock;
  /** Another database than the fresh test one (e.g. one that does not answer). */
  database?: GatewayDatabase;
  /** A logger to read what the gateway logs (default: createLogger at LOG_LEVEL, silent). */
  log?: Logger;
  /** Errors that escaped every handler, as server.ts watches them (for readiness). */
  faults?: ProcessFaults;
}

/**
 * A real gateway on an ephemeral loopback port, on its own fresh database (PGlite, or
 * PostgreSQL when DATABASE_URL is set), with response validation on.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cyrene-gw-'));
  const config = parseConfig({
    DATA_DIR: dataDir,
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    REGISTRATION_ENABLED: 'true',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    // Tests and fuzzers send frames as fast as they can; the limit's own test sets it.
    WS_MAX_FRAMES_PER_SECOND: '100000',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const database = options.database ?? (await createTestDatabase());
  const gateway = createApp({
    config,
    database,
    clock: options.clock ?? systemClock,
    log: options.log ?? createLogger(config.logLevel),
    jwtSecret: new TextEncoder().encode(config.jwtSecret),
    faults: options.faults,
    validateResponses: true,
  });
  const server = createHttpServer(gateway.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await gateway.realtime.attach(server);
  gateway.services.jobs.start();
  const { port } = server.address() as AddressInfo;
  const { metrics } = gateway.ctx.telemetry;
  const metricsServer =
    metrics && config.metricsToken && config.metricsPort !== undefined
      ? await listenMetrics(metrics, {
          token: config.metricsToken,
          port: config.metricsPort,
          host: '127.0.0.1',
          log: gateway.ctx.log,
        })
      : undefined;
  return {
    ...gateway,
    url: `http://127.0.0.1:${port}`,
    metricsUrl: metricsServer
      ? `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`
      : undefined,
    server,
    config,
    database,
    close: async () => {
      await gateway.services.jobs.stop();
      await gateway.realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      metricsServer?.close();
      await gateway.ctx.telemetry.shutdown();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
