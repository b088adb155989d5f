import { createApp } from './app';
import { resolveJwtSecret } from './auth/jwt-secret';
import { createBlobStore } from './blobs/create-blob-store';
import { systemClock } from './clock/clock';
import { ConfigError } from './config/config';
import { loadConfig } from './config/load-env';
import { secureDataDir } from './db/data-dir-permissions';
import { openDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { ProcessFaults } from './health/process-faults';
import { createHttpServer } from './http/http-server';
import { listenMetrics } from './http/metrics-endpoint';
import { createLogger } from './logging/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // Nothing ends the process unseen: what escapes every handler is logged with its stack and
  // reported by /health/ready, and the gateway keeps serving (a lost database must not kill it).
  const faults = new ProcessFaults().watch(process, log);
  if (!config.adminPassword)
    log.warn('ADMIN_PASSWORD is not set: administrator login is refused until it is');
  // Before anything is written there: the database, stored files and the secret are ours alone.
  const tightened = secureDataDir(config.dataDir);
  if (tightened.count > 0)
    log.warn(
      { dataDir: config.dataDir, tightened: tightened.count, examples: tightened.examples },
      'DATA_DIR was open to other users: group and other permissions removed (directories 0700, files 0600)',
    );
  if (tightened.failed.length > 0)
    log.warn(
      { dataDir: config.dataDir, failed: tightened.failed.slice(0, 5) },
      'DATA_DIR holds entries open to other users whose permissions could not be changed (owned by another user?)',
    );

  // Stored files first: a bucket that is missing or unreachable stops the start, said in words,
  // instead of failing every upload and download later.
  const blobs = createBlobStore(config);
  await blobs.check().catch((e: unknown) => {
    throw new Error(
      `stored files: ${e instanceof Error ? e.message : String(e)} (check S3_BUCKET, S3_ENDPOINT and the S3 credentials)`,
    );
  });
  const database = await openDatabase(config, log);
  await migrateToLatest(database.db);
  const { app, services, realtime, ctx } = createApp({
    config,
    database,
    blobs,
    clock: systemClock,
    log,
    faults,
    jwtSecret: resolveJwtSecret(config.jwtSecret, config.dataDir),
  });

  // Marks this instance alive, so other instances clear its live sessions if it dies (§15).
  const stopHeartbeat = services.clients.startHeartbeat();
  const server = createHttpServer(app);
  const { metrics } = ctx.telemetry;
  const metricsServer =
    metrics && config.metricsToken && config.metricsPort !== undefined
      ? await listenMetrics(metrics, {
          token: config.metricsToken,
          port: config.metricsPort,
          host: config.host,
          log,
        })
      : undefined;
  await realtime.attach(server);
  // Reminders, scheduled rules and briefings: due work, including what came due while down.
  services.jobs.start();
  server.once('error', (e: NodeJS.ErrnoException) => {
    // Said in words, not as a stack: the usual causes are another program on the port, or a low
    // port without the right to it.
    const why =
      e.code === 'EADDRINUSE' ? 'is already in use' : e.code === 'EACCES' ? 'is not allowed' : e.message;
    console.error(
      `Cyrene Gateway cannot listen on ${config.host}:${config.port}: the port ${why} (set PORT to another)`,
    );
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    log.info(
      {
        port: config.port,
        host: config.host,
        database: database.engine,
        dataDir: config.dataDir,
        files: blobs.location,
      },
      `Cyrene Gateway listening on http://${config.host}:${config.port} (docs at /docs)`,
    );
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    server.close();
    server.closeAllConnections();
    metricsServer?.close();
    stopHeartbeat();
    // Running jobs finish first. Running replies end as interrupted (text kept) and WebSocket
    // clients are told to go.
    services.jobs
      .stop()
      .then(() => realtime.close())
      .catch((e: unknown) => log.warn({ err: e }, 'chat WebSocket shutdown failed'))
      .then(() => services.clients.clearInstance(services.clients.instanceId))
      .catch(() => {})
      .then(() => ctx.telemetry.shutdown())
      .catch(() => {})
      .finally(() => database.close().finally(() => process.exit(0)));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  // Configuration and start-up failures are for a person to read, not a stack trace.
  if (e instanceof ConfigError) console.error(e.message);
  else console.error(`Cyrene Gateway failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
