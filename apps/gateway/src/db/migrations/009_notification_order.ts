import { type Kysely, sql } from 'kysely';

/**
 * Notifications get a seq per user, taken from `notification_counters` in the transaction that
 * stores the notification. The counter row stays locked until that transaction commits, so a
 * user's notifications become visible in seq order: a reader that has seen seq n has seen every
 * seq below n, and a cursor per connection or device loses nothing. (The global identity column
 * it replaces was handed out at insert time: a later seq could commit first, and a reader past it
 * never saw the earlier one.) Device cursors are carried over to the new numbering.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('user_seq', 'bigint').execute();
  await sql`
    update notifications n set user_seq = numbered.rn
    from (select id, row_number() over (partition by user_id order by seq) as rn from notifications) numbered
    where n.id = numbered.id`.execute(db);
  await sql`
    update notification_cursors c set last_seq = coalesce(
      (select max(n.user_seq) from notifications n where n.user_id = c.user_id and n.seq <= c.last_seq), 0)`.execute(
    db,
  );
  await db.schema
    .createTable('notification_counters')
    .addColumn('user_id', 'text', (col) => col.primaryKey())
    .addColumn('last_seq', 'bigint', (col) => col.notNull())
    .execute();
  await sql`
    insert into notification_counters (user_id, last_seq)
    select user_id, max(user_seq) from notifications group by user_id`.execute(db);
  // Dropping the old column drops its unique constraint and both indexes built on it.
  await db.schema.alterTable('notifications').dropColumn('seq').execute();
  await db.schema.alterTable('notifications').renameColumn('user_seq', 'seq').execute();
  await sql`alter table notifications alter column seq set not null`.execute(db);
  await db.schema
    .createIndex('notifications_user_seq_key')
    .unique()
    .on('notifications')
    .columns(['user_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('notifications_unread_idx')
    .on('notifications')
    .columns(['user_id', 'seq'])
    .where(sql.ref('read_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('notifications_unread_idx').execute();
  await db.schema.dropIndex('notifications_user_seq_key').execute();
  await db.schema.alterTable('notifications').renameColumn('seq', 'user_seq').execute();
  await sql`alter table notifications add column seq bigint generated always as identity unique`.execute(db);
  await db.schema.alterTable('notifications').dropColumn('user_seq').execute();
  await db.schema
    .createIndex('notifications_user_seq_idx')
    .on('notifications')
    .columns(['user_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('notifications_unread_idx')
    .on('notifications')
    .columns(['user_id', 'seq'])
    .where(sql.ref('read_at'), 'is', null)
    .execute();
  await db.schema.dropTable('notification_counters').execute();
  await sql`update notification_cursors set last_seq = 0`.execute(db);
}
