import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { OutageLog } from '../db/outage-log';
import type { Database } from '../db/schema';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { Logger } from '../logging/logger';
import type { Bus, BusHandler, BusMessage } from './bus';

export const BUS_CHANNEL = 'cyrene_bus';

/** NOTIFY refuses payloads of 8000 bytes or more; stay well under it. */
const MAX_NOTIFY_BYTES = 7_500;
/** Messages kept while the listener is reconnecting; beyond this the oldest are dropped. */
const MAX_OUTBOX = 10_000;
const RETRY_MIN_MS = 100;
/** A stopped server refuses connections at once: retrying often costs little and resubscribes soon. */
const RETRY_MAX_MS = 1_000;
/** How long a by-reference payload is kept for its receivers. */
const PAYLOAD_TTL = '5 minutes';

/** On the wire: a batch of messages, or the id of one too large for a notification. */
interface WireBatch {
  f: string;
  m?: BusMessage[];
  r?: string;
}

/**
 * The bus over PostgreSQL LISTEN/NOTIFY, on one dedicated connection that both listens and
 * notifies (one connection keeps the publication order). Messages published in the same tick
 * share a notification; one larger than a notification allows is stored in `bus_payloads` and
 * sent by id (same connection, so the row is committed before the notification goes out).
 */
export class PgBus implements Bus {
  private handler: BusHandler = () => {};
  private reconnected: () => void = () => {};
  /** Whether the bus has listened before (a later connect is a reconnect). */
  private listened = false;
  /** The connection listening now (undefined while reconnecting). */
  private client: pg.Client | undefined;
  /** The connection being made or in use; events of any other are stale. */
  private current: pg.Client | undefined;
  private readonly outage: OutageLog;
  private outbox: BusMessage[] = [];
  private flushScheduled = false;
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  /** Keeps received batches in order while a by-reference one is being read. */
  private receiving: Promise<void> = Promise.resolve();
  private started = false;

  /** `nodeId`: the gateway instance's id (AppContext.instanceId). */
  constructor(
    private readonly url: string,
    private readonly db: Kysely<Database>,
    private readonly log: Logger,
    readonly nodeId: string,
  ) {
    this.outage = new OutageLog(log, 'realtime bus');
  }

  async start(): Promise<void> {
    this.started = true;
    await this.connect();
    this.pruneTimer = setInterval(() => this.prunePayloads(), 60_000);
    this.pruneTimer.unref();
  }

  /** The database answers again: reconnect now instead of at the next backoff step. */
  retryNow(): void {
    if (this.closed || !this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.connect();
  }

  publish(message: BusMessage): void {
    if (!this.started || this.closed) return;
    if (this.outbox.length >= MAX_OUTBOX) {
      this.outbox.shift();
      this.log.warn('bus outbox full while PostgreSQL is unreachable: dropping the oldest message');
    }
    this.outbox.push(message);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  onMessage(handler: BusHandler): void {
    this.handler = handler;
  }

  onReconnected(listener: () => void): void {
    this.reconnected = listener;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pruneTimer);
    const client = this.current;
    this.client = undefined;
    this.current = undefined;
    if (client) await client.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    this.current = client;
    client.on('notification', (n) => {
      if (n.channel === BUS_CHANNEL && n.payload) this.receive(n.payload);
    });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${BUS_CHANNEL}`);
    } catch (e) {
      this.lost(client, e);
      return;
    }
    if (this.closed || this.current !== client) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryMs = RETRY_MIN_MS;
    this.outage.back();
    // Whatever happened while we were away: peers answer with their presence.
    this.outbox.unshift({ kind: 'hello' });
    this.flush();
    if (this.listened) this.reconnected();
    this.listened = true;
  }

  /**
   * The connection (or the attempt to make one) failed: it is dropped and one new attempt is
   * scheduled. Events of a connection already given up are ignored, so attempts never overlap.
   */
  private lost(client: pg.Client, e: unknown): void {
    if (this.closed || this.current !== client) return;
    this.current = undefined;
    this.client = undefined;
    client.end().catch(() => {});
    this.outage.lost(e);
    this.log.debug({ err: e }, `bus connection attempt failed; retrying in ${this.retryMs} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  /** Sends the outbox as few notifications as fit. */
  private flush(): void {
    this.flushScheduled = false;
    const client = this.client;
    if (!client) return;
    const messages = this.outbox;
    this.outbox = [];
    let batch: string[] = [];
    let size = 0;
    const send = () => {
      if (batch.length === 0) return;
      this.notify(client, `{"f":${JSON.stringify(this.nodeId)},"m":[${batch.join(',')}]}`);
      batch = [];
      size = 0;
    };
    for (const message of messages) {
      const json = JSON.stringify(message);
      const bytes = Buffer.byteLength(json);
      if (bytes > MAX_NOTIFY_BYTES - 100) {
        send();
        this.sendByReference(client, json);
        continue;
      }
      if (size + bytes + 1 > MAX_NOTIFY_BYTES - 100) send();
      batch.push(json);
      size += bytes + 1;
    }
    send();
  }

  private notify(client: pg.Client, payload: string): void {
    client
      .query('select pg_notify($1, $2)', [BUS_CHANNEL, payload])
      .catch((e: unknown) => this.failed(e, 'bus notification failed'));
  }

  private sendByReference(client: pg.Client, json: string): void {
    const id = randomUUID();
    // Queued on the same connection before the notification, so the row exists when it is read.
    client
      .query('insert into bus_payloads (id, payload, created_at) values ($1, $2, now())', [id, json])
      .catch((e: unknown) => this.failed(e, 'bus payload could not be stored'));
    this.notify(client, JSON.stringify({ f: this.nodeId, r: id } satisfies WireBatch));
  }

  /** A lost server is the outage already reported once; anything else is worth a warning. */
  private failed(e: unknown, what: string): void {
    if (isDatabaseUnavailable(e)) this.outage.lost(e);
    else this.log.warn({ err: e }, what);
  }

  private receive(payload: string): void {
    let wire: WireBatch;
    try {
      wire = JSON.parse(payload) as WireBatch;
    } catch {
      return;
    }
    if (wire.f === this.nodeId) return;
    const from = wire.f;
    this.receiving = this.receiving.then(async () => {
      const messages = wire.r === undefined ? (wire.m ?? []) : await this.readReference(wire.r);
      for (const message of messages) {
        try {
          this.handler(message, from);
        } catch (e) {
          this.log.error({ err: e }, 'bus message handler failed');
        }
      }
    });
  }

  private async readReference(id: string): Promise<BusMessage[]> {
    try {
      const row = await this.db
        .selectFrom('bus_payloads')
        .select('payload')
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? [JSON.parse(row.payload) as BusMessage] : [];
    } catch (e) {
      this.failed(e, `bus payload ${id} could not be read`);
      return [];
    }
  }

  private prunePayloads(): void {
    this.client
      ?.query(`delete from bus_payloads where created_at < now() - interval '${PAYLOAD_TTL}'`)
      .catch((e: unknown) => this.failed(e, 'bus payload pruning failed'));
  }
}
