import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock/clock';
import type { Database } from '../db/schema';
import type { Logger } from '../logging/logger';
import type { ConnectionOpened } from '../realtime/ws-server';

export interface HeartbeatOptions {
  /** How often this instance says it is alive. */
  intervalMs: number;
  /** An instance silent for this long is dead: its connection rows are cleared. */
  staleAfterMs: number;
}

const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 30_000, staleAfterMs: 120_000 };

/**
 * Who is connected over WebSocket, kept in the database so every instance sees every
 * connection (§15 live sessions and clients). Called by the WebSocket on open, on each
 * frame, and on close; the admin routes read the same tables.
 */
export class ClientRegistry {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** The gateway instance this registry belongs to (AppContext.instanceId): its heartbeat row. */
    readonly instanceId: string,
  ) {}

  /** A connection opened: one live row, and the client recorded (or refreshed) as known. */
  async connected(c: ConnectionOpened): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('gateway_instances')
        .values({ instance_id: c.instanceId, heartbeat_at: now })
        .onConflict((oc) => oc.column('instance_id').doUpdateSet({ heartbeat_at: now }))
        .execute();
      await tx
        .insertInto('live_sessions')
        .values({
          connection_id: c.connectionId,
          instance_id: c.instanceId,
          user_id: c.userId,
          session_id: c.sessionId,
          client_id: c.clientId,
          device_name: c.deviceName ?? '',
          user_agent: c.userAgent ?? '',
          connected_at: now,
          last_activity: now,
        })
        .execute();
      if (c.clientId === '') return;
      await tx
        .insertInto('clients')
        .values({
          user_id: c.userId,
          client_id: c.clientId,
          device_name: c.deviceName ?? '',
          user_agent: c.userAgent ?? '',
          last_seen: now,
        })
        .onConflict((oc) =>
          oc.columns(['user_id', 'client_id']).doUpdateSet({
            // A reconnect that names no device keeps the one recorded before.
            device_name: c.deviceName === undefined ? sql`clients.device_name` : c.deviceName,
            user_agent: c.userAgent === undefined ? sql`clients.user_agent` : c.userAgent,
            last_seen: now,
          }),
        )
        .execute();
    });
  }

  /** A frame arrived on the connection (`message`: a chat message, counted). */
  async activity(connectionId: string, opts: { message?: boolean } = {}): Promise<void> {
    await this.db
      .updateTable('live_sessions')
      .set({
        last_activity: this.clock.now(),
        message_count: opts.message ? sql<number>`message_count + 1` : sql<number>`message_count`,
      })
      .where('connection_id', '=', connectionId)
      .execute();
  }

  /** The connection closed: its row goes, and its client keeps the last time it was seen. */
  async disconnected(connectionId: string): Promise<void> {
    await this.removeConnections(sql`connection_id = ${connectionId}`);
  }

  /** Every connection of an instance that stopped or died, and the instance itself. */
  async clearInstance(instanceId: string): Promise<void> {
    await this.removeConnections(sql`instance_id = ${instanceId}`);
    await this.db.deleteFrom('gateway_instances').where('instance_id', '=', instanceId).execute();
  }

  /** Says this instance is alive and clears the rows of instances that stopped saying so. */
  async heartbeat(staleAfterMs = DEFAULT_HEARTBEAT.staleAfterMs): Promise<void> {
    const now = this.clock.now();
    await this.db
      .insertInto('gateway_instances')
      .values({ instance_id: this.instanceId, heartbeat_at: now })
      .onConflict((oc) => oc.column('instance_id').doUpdateSet({ heartbeat_at: now }))
      .execute();
    const dead = await this.db
      .selectFrom('gateway_instances')
      .select('instance_id')
      .where('heartbeat_at', '<', new Date(now.getTime() - staleAfterMs))
      .execute();
    for (const { instance_id } of dead) {
      this.log.info({ instanceId: instance_id }, 'clearing the connections of a silent gateway instance');
      await this.clearInstance(instance_id);
    }
  }

  /** Runs heartbeat() every interval until the returned function is called. */
  startHeartbeat(options: HeartbeatOptions = DEFAULT_HEARTBEAT): () => void {
    const beat = () => {
      this.heartbeat(options.staleAfterMs).catch((e: unknown) =>
        this.log.warn({ err: e }, 'gateway instance heartbeat failed'),
      );
    };
    beat();
    const timer = setInterval(beat, options.intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Deletes the matching connection rows and folds their last activity into their clients'
   * last_seen, in one statement so a concurrent read never sees the client vanish in between.
   */
  private async removeConnections(where: ReturnType<typeof sql>): Promise<void> {
    await sql`
      with gone as (
        delete from live_sessions where ${where}
        returning user_id, client_id, last_activity
      ), latest as (
        select user_id, client_id, max(last_activity) as last_activity
        from gone where client_id <> '' group by user_id, client_id
      )
      update clients c set last_seen = greatest(c.last_seen, latest.last_activity)
      from latest
      where c.user_id = latest.user_id and c.client_id = latest.client_id`.execute(this.db);
  }
}
