import type { Kysely } from 'kysely';
import type { Database, LiveSessionRow } from '../../db/schema';

/** Reads the open WebSocket connections of every instance (written by ClientRegistry). */
export class LiveSessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every open connection, or those of one session; oldest first. */
  connections(sessionId?: string): Promise<LiveSessionRow[]> {
    let query = this.db.selectFrom('live_sessions').selectAll();
    if (sessionId !== undefined) query = query.where('session_id', '=', sessionId);
    return query.orderBy('connected_at').orderBy('connection_id').execute();
  }
}
