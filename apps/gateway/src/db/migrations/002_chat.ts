import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('is_main', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('sessions_user_updated_idx')
    .on('sessions')
    .columns(['user_id', 'updated_at desc'])
    .execute();
  // One main session per user; the service moves the flag inside a transaction.
  await db.schema
    .createIndex('sessions_one_main_per_user')
    .on('sessions')
    .column('user_id')
    .unique()
    .where(sql.ref('is_main'), '=', true)
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('session_id', 'text', (col) => col.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) =>
      col.notNull().check(sql`role in ('user', 'assistant', 'system', 'action')`),
    )
    .addColumn('msg_type', 'text', (col) => col.notNull().check(sql`msg_type in ('chat', 'action')`))
    .addColumn('content', 'text', (col) => col.notNull())
    // Grams are opaque tokens: the C collation makes every index comparison a plain memcmp.
    .addColumn('bigrams', sql`text[] collate "C"`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('meta', 'jsonb')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('messages_session_idx').on('messages').columns(['session_id', 'id']).execute();
  await db.schema.createIndex('messages_user_idx').on('messages').columns(['user_id', 'id']).execute();
  // Substring search (docs/sessions-search-engine.md): grams @> the keyword's grams, then ILIKE rechecks.
  await db.schema.createIndex('messages_bigrams_idx').on('messages').using('gin').column('bigrams').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('messages').execute();
  await db.schema.dropTable('sessions').execute();
}
