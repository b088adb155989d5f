import { type Kysely, sql } from 'kysely';
import type { ClientRow, Database } from '../../db/schema';

/** A known client with what its open connections add: whether it is online, when it was last seen. */
export interface KnownClientRow extends ClientRow {
  connections: number;
  seen_at: Date;
}

/** Reads known clients (written by ClientRegistry) and keeps the admin's notes. */
export class ClientsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Most recently seen first; a connection's latest frame counts as seen. */
  list(userId?: string): Promise<KnownClientRow[]> {
    const live = this.db
      .selectFrom('live_sessions')
      .select([
        'user_id',
        'client_id',
        sql<number>`count(*)::int`.as('connections'),
        sql<Date>`max(last_activity)`.as('last_activity'),
      ])
      .groupBy(['user_id', 'client_id'])
      .as('live');
    let query = this.db
      .selectFrom('clients as c')
      .leftJoin(live, (join) =>
        join.onRef('live.user_id', '=', 'c.user_id').onRef('live.client_id', '=', 'c.client_id'),
      )
      .selectAll('c')
      .select([
        sql<number>`coalesce(live.connections, 0)`.as('connections'),
        sql<Date>`greatest(c.last_seen, coalesce(live.last_activity, c.last_seen))`.as('seen_at'),
      ]);
    if (userId !== undefined) query = query.where('c.user_id', '=', userId);
    return query.orderBy('seen_at', 'desc').orderBy('c.client_id').orderBy('c.user_id').execute();
  }

  /** Sets the note on the client id (for every user that has it); false when unknown. */
  async setNote(clientId: string, note: string): Promise<boolean> {
    const rows = await this.db
      .updateTable('clients')
      .set({ note })
      .where('client_id', '=', clientId)
      .returning('client_id')
      .execute();
    return rows.length > 0;
  }
}
