import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per chat turn; at most one running per session (the turn lock of that session).
  await db.schema
    .createTable('generations')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('session_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('instance_id', 'text', (col) => col.notNull())
    .addColumn('message_id', 'bigint')
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('running', 'done', 'interrupted')`),
    )
    .addColumn('started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('heartbeat_at', 'timestamptz', (col) => col.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('generations_one_running_per_session')
    .on('generations')
    .column('session_id')
    .unique()
    .where(sql.ref('status'), '=', 'running')
    .execute();
  await db.schema
    .createIndex('generations_running_heartbeat_idx')
    .on('generations')
    .column('heartbeat_at')
    .where(sql.ref('status'), '=', 'running')
    .execute();
  await db.schema.createIndex('generations_finished_idx').on('generations').column('finished_at').execute();

  // The highest seq of a session that may have reached a client (reserved ahead in blocks).
  await db.schema
    .createTable('stream_cursors')
    .addColumn('session_id', 'text', (col) => col.primaryKey())
    .addColumn('last_seq', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();

  // Sequenced frames kept for a while so a reconnecting client gets exactly what it missed.
  await db.schema
    .createTable('stream_frames')
    .addColumn('session_id', 'text', (col) => col.notNull())
    .addColumn('seq', 'bigint', (col) => col.notNull())
    .addColumn('frame', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('stream_frames_pk', ['session_id', 'seq'])
    .execute();
  await db.schema.createIndex('stream_frames_created_idx').on('stream_frames').column('created_at').execute();

  // Bus messages too large for a NOTIFY payload (8 kB): the notification carries the id.
  await db.schema
    .createTable('bus_payloads')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('bus_payloads_created_idx').on('bus_payloads').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bus_payloads').execute();
  await db.schema.dropTable('stream_frames').execute();
  await db.schema.dropTable('stream_cursors').execute();
  await db.schema.dropTable('generations').execute();
}
