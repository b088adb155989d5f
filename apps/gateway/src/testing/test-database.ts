import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { fromPGlite, type GatewayDatabase, openPostgres } from '../db/database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a file holding a migrated data dir (tar). PostgreSQL: the migrated template database. */
    databaseTemplate:
      | { engine: 'pglite'; file: string }
      | { engine: 'postgres'; url: string; template: string };
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A second handle on a test gateway's database, for another instance on it: a pool of its own on
 * PostgreSQL, the same PGlite otherwise (closing it leaves the first gateway's open).
 */
export function sameDatabase(first: GatewayDatabase): GatewayDatabase {
  if (first.engine === 'postgres' && first.url) return openPostgres(first.url, 4);
  return { ...first, close: async () => {} };
}

/**
 * A fresh, migrated database of its own for one test gateway, on the engine CI chose:
 * real PostgreSQL when DATABASE_URL is set (a copy of the template database), else PGlite
 * loaded from the migrated template (about half a second instead of an initdb).
 */
export async function createTestDatabase(): Promise<GatewayDatabase> {
  const template = inject('databaseTemplate');
  if (template.engine === 'pglite') {
    const blob = new Blob([await readFile(template.file)]);
    return fromPGlite(await PGlite.create({ loadDataDir: blob }));
  }
  const name = `cyrene_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template.template}`);
  } finally {
    await admin.end();
  }
  const database = openPostgres(withDatabase(template.url, name), 4);
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: template.url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`).finally(() => dropper.end());
    },
  };
}
