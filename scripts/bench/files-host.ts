import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createApp } from '../../apps/gateway/src/app';
import { systemClock } from '../../apps/gateway/src/clock/clock';
import { parseConfig } from '../../apps/gateway/src/config/config';
import { openDatabase } from '../../apps/gateway/src/db/database';
import { migrateToLatest } from '../../apps/gateway/src/db/migrate';
import { createLogger } from '../../apps/gateway/src/logging/logger';

/*
 * A server process for scripts/bench/files.ts, so its memory is measured alone:
 *   tsx scripts/bench/files-host.ts gateway <dataDir>   the gateway (PGlite in dataDir, or DATABASE_URL)
 *   tsx scripts/bench/files-host.ts bare <dataDir>      node:http piping each request body to a file
 * Prints `{"url": …}` on stdout once listening.
 */

async function gateway(dataDir: string): Promise<RequestListener> {
  const config = parseConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    REGISTRATION_ENABLED: 'true',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    LOG_LEVEL: 'silent',
  });
  const database = await openDatabase(config);
  await migrateToLatest(database.db);
  const { app } = createApp({
    config,
    database,
    clock: systemClock,
    log: createLogger('silent'),
    jwtSecret: new TextEncoder().encode(config.jwtSecret),
  });
  return app;
}

/** The least a server can do with an upload: stream the body to disk, then answer. */
async function bare(dataDir: string): Promise<RequestListener> {
  const dir = path.join(dataDir, 'bare');
  await mkdir(dir, { recursive: true });
  return (req, res) => {
    pipeline(req, createWriteStream(path.join(dir, randomUUID())))
      .then(() => res.writeHead(201, { 'content-type': 'application/json' }).end('{}'))
      .catch(() => res.writeHead(500).end());
  };
}

const [kind, dataDir] = process.argv.slice(2);
if ((kind !== 'gateway' && kind !== 'bare') || !dataDir) {
  console.error('usage: files-host.ts gateway|bare <dataDir>');
  process.exit(2);
}
const handler = kind === 'gateway' ? await gateway(dataDir) : await bare(dataDir);
const server = createServer(handler);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
process.on('SIGTERM', () => process.exit(0));
