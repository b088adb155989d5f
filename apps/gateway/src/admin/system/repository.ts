import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema';

export interface InstanceRow {
  instance_id: string;
  heartbeat_at: Date;
  connections: number;
}

/** Gateway instances and the WebSocket connections each holds, as the database knows them. */
export class SystemRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Instances that said they were alive since `since`, with their open connections. */
  async instancesAlive(since: Date): Promise<InstanceRow[]> {
    return this.db
      .selectFrom('gateway_instances as i')
      .select([
        'i.instance_id',
        'i.heartbeat_at',
        sql<number>`(select count(*) from live_sessions l where l.instance_id = i.instance_id)::int`.as(
          'connections',
        ),
      ])
      .where('i.heartbeat_at', '>=', since)
      .orderBy('i.instance_id')
      .execute();
  }
}
