import { type Kysely, sql } from 'kysely';
import type { Executor } from '../db/executor';
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

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Stores it; undefined when a notification with the same idempotency key already exists. */
  insert(n: NewNotification, db: Executor = this.db): Promise<NotificationRow | undefined> {
    return db
      .insertInto('notifications')
      .values({ ...n, data: JSON.stringify(n.data) })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /** The seq of one of the user's notifications. */
  async seqOf(userId: string, id: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('notifications')
      .select('seq')
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.seq;
  }

  private filtered(f: NotificationFilter) {
    let q = this.db.selectFrom('notifications').where('user_id', '=', f.userId);
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
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async markAllRead(userId: string, now: Date): Promise<number> {
    const result = await this.db
      .updateTable('notifications')
      .set({ read_at: now })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The highest seq of the user's notifications (0 when none). */
  async maxSeq(userId: string, db: Executor = this.db): Promise<number> {
    const row = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.max('seq').as('max'))
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  /** A device's cursor, locked for the rest of the transaction. */
  async lockCursor(userId: string, clientId: string, db: Executor): Promise<number | undefined> {
    const row = await db
      .selectFrom('notification_cursors')
      .select('last_seq')
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .forUpdate()
      .executeTakeFirst();
    return row?.last_seq;
  }

  async saveCursor(
    userId: string,
    clientId: string,
    lastSeq: number,
    now: Date,
    db: Executor,
  ): Promise<void> {
    await db
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

  after(userId: string, afterSeq: number, limit: number, db: Executor): Promise<NotificationRow[]> {
    return db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', userId)
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
  }
}
