import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('model_providers')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('base_url', 'text', (col) => col.notNull())
    .addColumn('api_key_encrypted', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('models')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    // A provider in use cannot be deleted: the service answers 409, the key guards races.
    .addColumn('provider', 'text', (col) =>
      col.notNull().references('model_providers.name').onDelete('restrict'),
    )
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('priority', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('tags', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('params', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('enabled', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('models_provider_idx').on('models').column('provider').execute();

  await db.schema
    .createTable('model_routing')
    .addColumn('purpose', 'text', (col) => col.primaryKey())
    .addColumn('fallback_chain', 'jsonb', (col) => col.notNull())
    .addColumn('required', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('clients')
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text', (col) => col.notNull())
    .addColumn('device_name', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('user_agent', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('note', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('first_seen', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('clients_pk', ['user_id', 'client_id'])
    .execute();
  await db.schema.createIndex('clients_client_id_idx').on('clients').column('client_id').execute();

  await db.schema
    .createTable('gateway_instances')
    .addColumn('instance_id', 'text', (col) => col.primaryKey())
    .addColumn('heartbeat_at', 'timestamptz', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('live_sessions')
    .addColumn('connection_id', 'text', (col) => col.primaryKey())
    .addColumn('instance_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('session_id', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('device_name', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('user_agent', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('connected_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_activity', 'timestamptz', (col) => col.notNull())
    .addColumn('message_count', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('live_sessions_session_idx').on('live_sessions').column('session_id').execute();
  await db.schema
    .createIndex('live_sessions_instance_idx')
    .on('live_sessions')
    .column('instance_id')
    .execute();
  await db.schema
    .createIndex('live_sessions_client_idx')
    .on('live_sessions')
    .columns(['user_id', 'client_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('live_sessions').execute();
  await db.schema.dropTable('gateway_instances').execute();
  await db.schema.dropTable('clients').execute();
  await db.schema.dropTable('model_routing').execute();
  await db.schema.dropTable('models').execute();
  await db.schema.dropTable('model_providers').execute();
}
