import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayDatabase } from '../db/database';
import { GatewayProcess } from '../testing/gateway-process';
import { createTestDatabase } from '../testing/test-database';

/**
 * Several instances on one PostgreSQL share DATA_DIR, as the deployment guide says: each `cyrene
 * start` keeps its own pid file (named by host and port), and none under systemd. The embedded
 * database's DATA_DIR stays one gateway's (cli.test.ts, data-dir-lock.test.ts).
 */
describe.skipIf(!process.env.DATABASE_URL)('instances sharing a DATA_DIR on PostgreSQL', () => {
  let database: GatewayDatabase;
  let dataDir: string;
  const running: GatewayProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'cyrene-shared-'));
  });
  afterAll(async () => {
    await Promise.all(running.map((gw) => gw.stop()));
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string> = {}) => {
    const gw = await GatewayProcess.start({ dataDir, env: { DATABASE_URL: database.url ?? '', ...env } });
    running.push(gw);
    return gw;
  };
  const pidFiles = async () => (await readdir(dataDir)).filter((f) => f.endsWith('.pid')).sort();

  it('two instances start on one DATA_DIR, each with its own pid file; under systemd none is written', async () => {
    const first = await start();
    const second = await start();
    expect([first.running, second.running]).toEqual([true, true]);
    const files = await pidFiles();
    expect(files).toEqual(
      [first, second].map((gw) => `gateway-${hostname()}-${new URL(gw.url).port}.pid`).sort(),
    );
    const pids = await Promise.all(
      files.map(async (f) => Number(await readFile(path.join(dataDir, f), 'utf8'))),
    );
    expect(pids.sort()).toEqual([first.child.pid, second.child.pid].sort());

    const supervised = await start({ INVOCATION_ID: 'a-systemd-unit' });
    expect(supervised.running).toBe(true);
    expect(await pidFiles()).toEqual(files);

    // A stopped instance removes its own pid file, and only its own.
    await first.stop();
    expect(await pidFiles()).toEqual([`gateway-${hostname()}-${new URL(second.url).port}.pid`]);
  });
});
