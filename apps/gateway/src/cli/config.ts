import { type Config, ConfigError } from '../config/config';
import { loadConfig } from '../config/load-env';
import { CliError } from './errors';

/** The gateway's configuration, as the server would read it (environment over `.env`). */
export function cliConfig(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, 'fix the environment or .env', 1);
    throw e;
  }
}

/** Where the database is, for messages: the PostgreSQL host (no password) or the data dir. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
