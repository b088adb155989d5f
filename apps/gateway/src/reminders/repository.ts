import type { ReminderStatus } from '@cyrene/contracts';
import type { Kysely, Updateable } from 'kysely';
import type { Executor } from '../db/executor';
import { type Owner, ownedBy } from '../db/owner';
import type { Database, ReminderRow, RemindersTable } from '../db/schema';

export interface ReminderFilter {
  userId: string;
  status?: ReminderStatus;
}

/** Reminders. Every read and write of a user's reminder is scoped by its owner. */
export class RemindersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Inserts it; undefined when a reminder with the same idempotency key exists. */
  insert(row: ReminderRow, db: Executor = this.db): Promise<ReminderRow | undefined> {
    return db
      .insertInto('reminders')
      .values(row)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /** Every reminder of the user, oldest first (the account archive). */
  listAll(userId: string): Promise<ReminderRow[]> {
    return this.db
      .selectFrom('reminders')
      .selectAll()
      .where(ownedBy({ userId }))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Inserts an archived reminder as it was; undefined when its id is taken (by anyone). */
  insertArchived(row: ReminderRow, db: Executor): Promise<ReminderRow | undefined> {
    return db
      .insertInto('reminders')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /** The reminder, locked for the rest of the transaction. */
  findForUpdate(id: string, owner: Owner, db: Executor): Promise<ReminderRow | undefined> {
    return db
      .selectFrom('reminders')
      .selectAll()
      .where('id', '=', id)
      .where(ownedBy(owner))
      .forUpdate()
      .executeTakeFirst();
  }

  update(id: string, patch: Updateable<RemindersTable>, db: Executor): Promise<ReminderRow> {
    return db
      .updateTable('reminders')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async delete(id: string, owner: Owner, db: Executor): Promise<boolean> {
    const result = await db
      .deleteFrom('reminders')
      .where('id', '=', id)
      .where(ownedBy(owner))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  private filtered(f: ReminderFilter) {
    let q = this.db.selectFrom('reminders').where(ownedBy({ userId: f.userId }));
    if (f.status) q = q.where('status', '=', f.status);
    return q;
  }

  list(f: ReminderFilter, limit: number, offset: number): Promise<ReminderRow[]> {
    return this.filtered(f)
      .selectAll()
      .orderBy('remind_at', 'asc')
      .orderBy('created_at', 'asc')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  async count(f: ReminderFilter): Promise<number> {
    const row = await this.filtered(f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A user's pending reminders due in [from, to), soonest first (briefings). */
  dueBetween(userId: string, from: Date, to: Date): Promise<ReminderRow[]> {
    return this.db
      .selectFrom('reminders')
      .selectAll()
      .where(ownedBy({ userId }))
      .where('status', '=', 'pending')
      .where('remind_at', '>=', from)
      .where('remind_at', '<', to)
      .orderBy('remind_at', 'asc')
      .execute();
  }
}
