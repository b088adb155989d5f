import { type Kysely, sql } from 'kysely';
import type { Executor } from '../db/executor';
import { ownedBy } from '../db/owner';
import type { Database, NotificationRow } from '../db/schema';

export interface NewNotification {
  id: string;
  user_id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  created_at: Date;
  idempotency_key: string | null;
}

export interface NotificationFilter {
  userId: string;
  unread?: boolean;
  /** Only notifications stored after this seq (oldest first). */
  afterSeq?: number;
}

/** The outbox. Every query is scoped by the recipient. */
export class NotificationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores it with the user's next seq; undefined when a notification with the same idempotency
   * key already exists. In the caller's transaction when given one (the counter row stays locked
   * until it commits, so the user's notifications commit in seq order), else in one of its own.
   */
  insert(n: NewNotification, db: Executor = this.db): Promise<NotificationRow | undefined> {
    if (db.isTransaction) return this.insertNumbered(n, db);
    return this.db.transaction().execute((tx) => this.insertNumbered(n, tx));
  }

  private async insertNumbered(n: NewNotification, tx: Executor): Promise<NotificationRow | undefined> {
    const counter = await tx
      .insertInto('notification_counters')
      .values({ user_id: n.user_id, last_seq: 1 })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({ last_seq: sql<number>`notification_counters.last_seq + 1` }),
      )
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    // A duplicate key leaves a gap in the user's seqs: readers only ever ask for "after n".
    return tx
      .insertInto('notifications')
      .values({ ...n, seq: counter.last_seq, data: JSON.stringify(n.data) })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /** The seq of one of the user's notifications. */
  async seqOf(userId: string, id: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('notifications')
      .select('seq')
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.seq;
  }

  private filtered(f: NotificationFilter) {
    let q = this.db.selectFrom('notifications').where(ownedBy({ userId: f.userId }));
    if (f.unread === true) q = q.where('read_at', 'is', null);
    if (f.unread === false) q = q.where('read_at', 'is not', null);
    if (f.afterSeq !== undefined) q = q.where('seq', '>', f.afterSeq);
    return q;
  }

  list(f: NotificationFilter, limit: number, offset: number): Promise<NotificationRow[]> {
    return this.filtered(f)
      .selectAll()
      .orderBy('seq', f.afterSeq === undefined ? 'desc' : 'asc')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  async count(f: NotificationFilter): Promise<number> {
    const row = await this.filtered(f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Marks one read (keeping an earlier read_at); false when the user has no such notification. */
  async markRead(userId: string, id: string, now: Date): Promise<boolean> {
    const row = await this.db
      .updateTable('notifications')
      .set({ read_at: sql<Date>`coalesce(read_at, ${now})` })
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async markAllRead(userId: string, now: Date): Promise<number> {
    const result = await this.db
      .updateTable('notifications')
      .set({ read_at: now })
      .where(ownedBy({ userId }))
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The highest seq handed out to each of the users (absent: none yet). */
  async latestSeqs(userIds: readonly string[]): Promise<Map<string, number>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('notification_counters')
      .select(['user_id', 'last_seq'])
      .where('user_id', 'in', userIds)
      .execute();
    return new Map(rows.map((r) => [r.user_id, Number(r.last_seq)]));
  }

  /** The lowest seq of the user's notifications created at or after `at` (absent: none). */
  async firstSeqSince(userId: string, at: Date): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.min('seq').as('first'))
      .where(ownedBy({ userId }))
      .where('created_at', '>=', at)
      .executeTakeFirst();
    return row?.first === null || row?.first === undefined ? undefined : Number(row.first);
  }

  /** The last seq sent to a device (absent: a device never seen). */
  async deviceCursor(userId: string, clientId: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('notification_cursors')
      .select('last_seq')
      .where(ownedBy({ userId }))
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.last_seq);
  }

  /** Moves a device's cursor forward (never back: two connections of one device may race). */
  async saveDeviceCursor(userId: string, clientId: string, lastSeq: number, now: Date): Promise<void> {
    await this.db
      .insertInto('notification_cursors')
      .values({ user_id: userId, client_id: clientId, last_seq: lastSeq, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['user_id', 'client_id']).doUpdateSet({
          last_seq: sql<number>`greatest(notification_cursors.last_seq, excluded.last_seq)`,
          updated_at: now,
        }),
      )
      .execute();
  }

  /**
   * Takes back a cursor saved for frames that then could not be sent (the socket closed
   * meanwhile), unless something later moved it on.
   */
  async restoreDeviceCursor(
    userId: string,
    clientId: string,
    saved: number,
    previous: number,
  ): Promise<void> {
    await this.db
      .updateTable('notification_cursors')
      .set({ last_seq: previous })
      .where(ownedBy({ userId }))
      .where('client_id', '=', clientId)
      .where('last_seq', '=', saved)
      .execute();
  }

  /** The user's notifications after a seq, oldest first. */
  after(userId: string, afterSeq: number, limit: number): Promise<NotificationRow[]> {
    return this.db
      .selectFrom('notifications')
      .selectAll()
      .where(ownedBy({ userId }))
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
  }
}
