import { createReadStream } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import S3rver from 's3rver';
import { createApp } from '../../apps/gateway/src/app';
import { systemClock } from '../../apps/gateway/src/clock/clock';
import { parseConfig } from '../../apps/gateway/src/config/config';
import { openDatabase } from '../../apps/gateway/src/db/database';
import { migrateToLatest } from '../../apps/gateway/src/db/migrate';
import { createLogger } from '../../apps/gateway/src/logging/logger';

/*
 * The processes of scripts/bench-s3/files-s3.ts, each alone so its memory is its own:
 *   tsx scripts/bench-s3/host.ts s3rver <dir>                 the S3-compatible server (bucket `bench`)
 *   tsx scripts/bench-s3/host.ts gateway <dataDir> <endpoint> the gateway, files in that bucket
 *   tsx scripts/bench-s3/host.ts direct <endpoint>            the baseline: the AWS SDK alone, driven over HTTP
 * Each prints `{"url": …}` on stdout once listening.
 */

export const BUCKET = 'bench';
const KEY = 'S3RVER';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function listen(handler: RequestListener) {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
  });
}

async function s3rver(dir: string) {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
}

async function gateway(dataDir: string, endpoint: string) {
  const config = parseConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    REGISTRATION_ENABLED: 'true',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    LOG_LEVEL: 'silent',
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY_ID: KEY,
    S3_SECRET_ACCESS_KEY: KEY,
  });
  const database = await openDatabase(config);
  await migrateToLatest(database.db);
  const { app, services } = createApp({
    config,
    database,
    clock: systemClock,
    log: createLogger('silent'),
    jwtSecret: new TextEncoder().encode(config.jwtSecret),
  });
  await services.blobs.check();
  listen(app);
}

/**
 * What an application would write with the SDK alone: `POST /put?file=…&key=…` uploads a file
 * with lib-storage's Upload (its defaults), `POST /get?key=…` downloads an object and drops it.
 */
function direct(endpoint: string) {
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: KEY, secretAccessKey: KEY },
  });
  listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = url.searchParams.get('key') ?? '';
    const work =
      url.pathname === '/put'
        ? new Upload({
            client,
            params: { Bucket: BUCKET, Key: key, Body: createReadStream(url.searchParams.get('file') ?? '') },
          }).done()
        : client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })).then(async (object) => {
            for await (const _ of object.Body as Readable) {
              // dropped, as the gateway's client drops the download
            }
          });
    work.then(() => res.writeHead(200).end('{}')).catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
}

const [kind, a, b] = process.argv.slice(2);
if (kind === 's3rver' && a) await s3rver(a);
else if (kind === 'gateway' && a && b) await gateway(a, b);
else if (kind === 'direct' && a) direct(a);
else {
  console.error('usage: host.ts s3rver <dir> | gateway <dataDir> <endpoint> | direct <endpoint>');
  process.exit(2);
}
process.on('SIGTERM', () => process.exit(0));
