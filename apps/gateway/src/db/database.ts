import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logging/logger';
import { lockDataDir } from './data-dir-lock';
import { tightenTree } from './data-dir-permissions';
import { observedDialect, type QueryObserver, type QueryObserverSlot } from './observed-dialect';
import { OutageLog } from './outage-log';
import type { Database } from './schema';

export type DatabaseEngine = 'pglite' | 'postgres';

/** The gateway's database handle: one Kysely instance, whichever engine is behind it. */
export interface GatewayDatabase {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  /** PostgreSQL: the server's URL, for connections of their own (the bus's LISTEN). */
  url?: string;
  /**
   * `listener` runs each time the server answers again after connections to it were lost
   * (PostgreSQL; the embedded database is never lost). Connections of their own reconnect then.
   */
  onReconnected(listener: () => void): void;
  /** The connection pool now (metrics): connections busy with a query, queries waiting for one. */
  poolStats(): { inUse: number; waiting: number };
  /** Tells `observer` of every query from now on, its start and its end (tracing's spans). */
  observeQueries(observer: QueryObserver): void;
  /** Resolves when the database answers a query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// PostgreSQL returns bigint (int8) as a string; ids and counts here fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Kysely on `pool`, its queries reported to whatever observer is later put in `slot`. */
function kyselyOn(pool: pg.Pool, slot: QueryObserverSlot): Kysely<Database> {
  return new Kysely<Database>({ dialect: observedDialect(new PostgresDialect({ pool }), slot) });
}

function wrap(engine: DatabaseEngine, pool: pg.Pool, onClose: () => Promise<void>): GatewayDatabase {
  let closed = false;
  const observers: QueryObserverSlot = {};
  const db = kyselyOn(pool, observers);
  return {
    db,
    engine,
    onReconnected: () => {},
    observeQueries: (observer) => {
      observers.current = observer;
    },
    poolStats: () => ({ inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
    ping: async () => {
      if (closed) throw new Error('database closed');
      await sql`select 1`.execute(db);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      await onClose();
    },
  };
}

/**
 * A PostgreSQL server at `url` (node-postgres pool). A client whose server goes away emits
 * `error`, idle or checked out (between a transaction's queries, or with no query running): with
 * no listener that event ends the process. Every client gets one for its whole life; the query in
 * flight is rejected by node-postgres itself, and the pool drops the dead client on release
 * (it is no longer queryable) and connects a new one when asked next.
 */
export function openPostgres(url: string, poolSize = 10, log?: Logger): GatewayDatabase {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  const outage = new OutageLog(log, 'database pool');
  pool.on('error', (e) => outage.lost(e));
  pool.on('connect', (client) => {
    outage.back();
    client.on('error', (e) => outage.lost(e));
  });
  return {
    ...wrap('postgres', pool, async () => {}),
    url,
    onReconnected: (listener) => outage.onBack(listener),
  };
}

/**
 * An embedded PGlite instance, driven through Kysely's own PostgresDialect over PGlite's
 * node-postgres adapter (pool of one): kysely-pglite mixes concurrent transactions (docs/architecture.md, "The database engines").
 */
export function fromPGlite(pglite: PGlite, onClose: () => Promise<void> = async () => {}): GatewayDatabase {
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  return wrap('pglite', pool, async () => {
    await pglite.close();
    await onClose();
  });
}

/** The embedded database in `DATA_DIR/pgdata`, locked against a second process. */
export async function openEmbedded(dataDir: string): Promise<GatewayDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  try {
    const pgdata = path.join(dataDir, 'pgdata');
    const pglite = await PGlite.create(pgdata);
    tightenTree(pgdata);
    return fromPGlite(pglite, async () => lock.release());
  } catch (e) {
    lock.release();
    throw e;
  }
}

export function openDatabase(
  config: { databaseUrl?: string; dataDir: string },
  log?: Logger,
): Promise<GatewayDatabase> {
  return config.databaseUrl
    ? Promise.resolve(openPostgres(config.databaseUrl, undefined, log))
    : openEmbedded(config.dataDir);
}
