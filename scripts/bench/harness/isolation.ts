import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/*
 * Every benchmark server gets a store of its own: a fresh data dir, and on PostgreSQL a fresh,
 * empty database on the server of DATABASE_URL (the server migrates it), so no benchmark sees
 * another's users or rows and `npm run bench` can run again and again against one server.
 */

export type Engine = 'pglite' | 'postgres';

export const engine: Engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export interface Store {
  dataDir: string;
  /** Set on PostgreSQL: the store's own database. */
  databaseUrl?: string;
  /** The environment a server process needs to use this store. */
  env: Record<string, string | undefined>;
  drop(): Promise<void>;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on the server at `url` (create or drop a database). */
export async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function isolatedStore(label: string): Promise<Store> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `cyrene-bench-${label}-`));
  const server = process.env.DATABASE_URL;
  const name = `cyrene_bench_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  if (server) await onServer(server, `create database ${name}`);
  const databaseUrl = server ? withDatabase(server, name) : undefined;
  return {
    dataDir,
    databaseUrl,
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    drop: async () => {
      if (server) await onServer(server, `drop database if exists ${name} with (force)`);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
