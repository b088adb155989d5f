import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { serveGateway } from './harness/gateway-host';
import { serve } from './harness/serve';

/*
 * A server process for scripts/bench/files.ts (started by harness/host.ts), so its memory and
 * CPU are measured alone, on the store in DATA_DIR / DATABASE_URL:
 *   files-host.ts gateway   the gateway
 *   files-host.ts bare      node:http streaming each request body to a file while hashing it
 *                           with SHA-256 (what content addressing costs anyway), then answering
 */

async function bare(): Promise<void> {
  const dir = path.join(process.env.DATA_DIR ?? '.', 'bare');
  await mkdir(dir, { recursive: true });
  const server = createServer((req, res) => {
    const hash = createHash('sha256');
    req.on('data', (chunk: Buffer) => hash.update(chunk));
    pipeline(req, createWriteStream(path.join(dir, randomUUID())))
      .then(() =>
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ hash: hash.digest('hex') })),
      )
      .catch(() => res.writeHead(500).end());
  });
  await serve(server);
}

const kind = process.argv[2];
if (kind === 'gateway') await serveGateway({ REGISTRATION_ENABLED: 'true' });
else if (kind === 'bare') await bare();
else {
  console.error('usage: files-host.ts gateway|bare');
  process.exit(2);
}
