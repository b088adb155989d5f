import { chmod, lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from '../files/testing/multipart-client';
import { GatewayProcess } from '../testing/gateway-process';
import { createTestDatabase } from '../testing/test-database';
import { registerTestUser } from '../testing/users';
import type { GatewayDatabase } from './database';

/** Every entry under `root` (itself included) with its permission bits, symbolic links left out. */
async function modes(root: string): Promise<Array<[string, string]>> {
  const found: Array<[string, string]> = [];
  const visit = async (entry: string) => {
    const stats = await lstat(entry);
    if (stats.isSymbolicLink()) return;
    found.push([path.relative(root, entry) || '.', (stats.mode & 0o777).toString(8)]);
    if (stats.isDirectory()) for (const name of await readdir(entry)) await visit(path.join(entry, name));
  };
  await visit(root);
  return found;
}

/*
 * A real `cyrene start` (a process of its own, whose umask is its own) on a DATA_DIR left too open:
 * afterwards nothing in it is readable, writable or listable by anyone but the gateway's user.
 */
describe('DATA_DIR is the gateway user’s alone', () => {
  let work: string;
  let dataDir: string;
  let database: GatewayDatabase | undefined;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'cyrene-modes-'));
    dataDir = path.join(work, 'data');
    // What an older version left under umask 000: a world-readable directory and files.
    await mkdir(path.join(dataDir, 'blobs'), { recursive: true });
    await writeFile(path.join(dataDir, 'blobs', 'left-over'), 'x');
    await chmod(path.join(dataDir, 'blobs', 'left-over'), 0o666);
    await chmod(path.join(dataDir, 'blobs'), 0o777);
    await chmod(dataDir, 0o755);
    database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    gateway = await GatewayProcess.start({
      dataDir,
      env: { LOG_LEVEL: 'info', ...(database?.url ? { DATABASE_URL: database.url } : {}) },
    });
    // A first start of the embedded database (initdb) in a process of its own is slow under load.
  }, 150_000);
  afterAll(async () => {
    await gateway?.stop();
    await database?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('tightens what it finds open at start, saying so in the log', () => {
    const line = gateway.log.split('\n').find((l) => l.includes('DATA_DIR was open to other users'));
    expect(line).toBeDefined();
    expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 40, tightened: 3 });
  });

  it('keeps everything in a fresh DATA_DIR 0600/0700 after an upload', async () => {
    const alice = await registerTestUser(gateway.url, 'alice');
    const uploaded = await upload(gateway.url, alice.token, 'private words', 'note.txt', 'text/plain');
    expect(uploaded.status).toBe(201);
    const all = await modes(dataDir);
    // The upload is stored there (on either engine), and the database too on the embedded one.
    expect(all.some(([p]) => p.startsWith('blobs/') && p !== 'blobs/left-over')).toBe(true);
    if (!database) expect(all.some(([p]) => p.startsWith('pgdata/'))).toBe(true);
    const open = all.filter(([, mode]) => !['600', '700'].includes(mode));
    expect(open).toEqual([]);
  });
});
