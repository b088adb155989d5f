import type { Kysely } from 'kysely';
import type { GatewayDatabase } from '../db/database';
import type { Database } from '../db/schema';
import type { Logger } from '../logging/logger';
import type { Bus } from './bus';
import { InProcessBus, inProcessNetworkFor } from './in-process-bus';
import { PgBus } from './pg-bus';

/**
 * The bus node of this instance, named by its instance id: PostgreSQL's LISTEN/NOTIFY when the
 * gateway runs on a PostgreSQL server (other instances may share it), else one in this process.
 */
export function createBus(
  database: GatewayDatabase,
  db: Kysely<Database>,
  log: Logger,
  instanceId: string,
): Bus {
  if (database.engine === 'postgres' && database.url) {
    const bus = new PgBus(database.url, db, log, instanceId);
    // The pool sees the server back first (requests keep coming): resubscribe at once.
    database.onReconnected(() => bus.retryNow());
    return bus;
  }
  return new InProcessBus(inProcessNetworkFor(db), instanceId);
}
