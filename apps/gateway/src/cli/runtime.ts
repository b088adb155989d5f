import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveJwtSecret } from '../auth/jwt-secret';
import { systemClock } from '../clock/clock';
import type { Config } from '../config/config';
import type { AppContext } from '../context';
import { DataDirLockedError } from '../db/data-dir-lock';
import { type GatewayDatabase, openEmbedded, openPostgres } from '../db/database';
import { createLogger } from '../logging/logger';
import type { Services } from '../services';
import { describeDatabase } from './config';
import { CliError } from './errors';
import { pendingMigrations } from './migrations';

/** Warnings for the operator (a lost database connection, a file whose bytes are gone…) on stderr. */
const operatorLog = () =>
  createLogger(process.env.LOG_LEVEL === 'silent' ? 'silent' : 'warn', process.stderr);

export interface OpenOptions {
  /** Create the embedded database when DATA_DIR has none (db:migrate, db:restore). */
  create?: boolean;
}

/** Whether DATA_DIR holds an embedded database already (opening one would create it). */
export const embeddedDatabaseExists = (dataDir: string) =>
  existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'));

/**
 * Opens the configured database for a command. The embedded one is locked by a running
 * gateway: that is said plainly instead of opening a second PGlite on the same directory
 * (which would corrupt it). A PostgreSQL server that does not answer is said plainly too.
 */
export async function openCliDatabase(config: Config, options: OpenOptions = {}): Promise<GatewayDatabase> {
  if (!config.databaseUrl) {
    if (!options.create && !embeddedDatabaseExists(config.dataDir)) {
      throw new CliError(
        `there is no embedded database in ${config.dataDir} (is DATA_DIR right?)`,
        'create one with `cyrene db:migrate`, or point DATA_DIR at the gateway’s',
      );
    }
    try {
      return await openEmbedded(config.dataDir);
    } catch (e) {
      if (e instanceof DataDirLockedError) {
        throw new CliError(
          e.message,
          'stop it with `cyrene stop` (backups, restores, imports and user changes need the embedded database to themselves), or use the REST API while it runs',
        );
      }
      throw e;
    }
  }
  const database = openPostgres(config.databaseUrl, 2, operatorLog());
  try {
    await database.ping();
  } catch (e) {
    await database.close();
    throw new CliError(
      `cannot reach ${describeDatabase(config)}: ${e instanceof Error ? e.message : String(e)}`,
      'check DATABASE_URL and that the server is up',
    );
  }
  return database;
}

/** Runs `work` with the database open, and closes it whatever happens. */
export async function withDatabase<T>(
  config: Config,
  work: (db: GatewayDatabase) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const database = await openCliDatabase(config, options);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/**
 * Runs `work` with every domain service built as the server builds them (so users and imports
 * follow the same rules as the API), on a database whose schema is up to date.
 */
export function withServices<T>(
  config: Config,
  work: (services: Services, ctx: AppContext) => Promise<T>,
): Promise<T> {
  return withDatabase(config, async (database) => {
    const pending = await pendingMigrations(database.db);
    if (pending.length > 0) {
      throw new CliError(
        `the database schema is not up to date (${pending.length} migration(s) pending: ${pending.join(', ')})`,
        'run `cyrene db:migrate` first',
      );
    }
    // Loaded here, not at the top: status, stop, logs and --help need none of the domains.
    const [{ createContext }, { createServices }] = await Promise.all([
      import('../context'),
      import('../services'),
    ]);
    const ctx = createContext({
      config,
      database,
      clock: systemClock,
      log: operatorLog(),
      jwtSecret: resolveJwtSecret(config.jwtSecret, config.dataDir),
    });
    return work(createServices(ctx), ctx);
  });
}
