import { type Kysely, sql } from 'kysely';

/**
 * §10–§13 and the job runner: durable jobs, the notification outbox, reminders, automation
 * rules/scenes/runs, and briefings. Plain SQL that runs the same on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per job identity (`reminder:<id>`, `rule:<id>`, …); a recurring job moves run_at on.
  await db.schema
    .createTable('jobs')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    // When the occurrence is due (its idempotency key is key@occurrence_at) …
    .addColumn('occurrence_at', 'timestamptz', (col) => col.notNull())
    // … and when the next attempt may start (later than occurrence_at after a failure).
    .addColumn('run_at', 'timestamptz', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('scheduled', 'running', 'failed')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (col) => col.notNull())
    .addColumn('misfire', 'text', (col) => col.notNull().check(sql`misfire in ('skip', 'once', 'all')`))
    .addColumn('misfire_limit', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('jobs_due_idx')
    .on('jobs')
    .column('run_at')
    .where(sql.ref('status'), '=', 'scheduled')
    .execute();
  await db.schema
    .createIndex('jobs_lease_idx')
    .on('jobs')
    .column('lease_until')
    .where(sql.ref('status'), '=', 'running')
    .execute();

  // The outbox: every notification is kept; seq orders them for catch-up after a reconnect.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('seq', 'bigint', (col) => col.generatedAlwaysAsIdentity().unique())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('data', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('read_at', 'timestamptz')
    // Set by scheduled work (<job>@<time>, <run>#<step>): the same effect is stored once.
    .addColumn('idempotency_key', 'text', (col) => col.unique())
    .execute();
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

  // Per device: the last notification handed to it, so a reconnect replays each one once.
  await db.schema
    .createTable('notification_cursors')
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text', (col) => col.notNull())
    .addColumn('last_seq', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('notification_cursors_pk', ['user_id', 'client_id'])
    .execute();

  await db.schema
    .createTable('reminders')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('remind_at', 'timestamptz', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending', 'completed', 'cancelled')`),
    )
    .addColumn('repeat_type', 'text', (col) =>
      col.notNull().check(sql`repeat_type in ('none', 'daily', 'weekly', 'monthly')`),
    )
    .addColumn('session_id', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('notified', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('timezone', 'text', (col) => col.notNull().defaultTo('UTC'))
    // The wall-clock time repeats are counted from (so 31 January monthly comes back to the 31st).
    .addColumn('anchor_local', 'text', (col) => col.notNull())
    // Loop breaker: how deep the automation run that created it was (0 for people).
    .addColumn('cause_depth', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('cause_run_id', 'text')
    .addColumn('idempotency_key', 'text', (col) => col.unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('reminders_user_idx')
    .on('reminders')
    .columns(['user_id', 'remind_at'])
    .execute();

  await db.schema
    .createTable('automation_rules')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('trigger_type', 'text', (col) => col.notNull())
    .addColumn('trigger_config', 'jsonb', (col) => col.notNull())
    .addColumn('conditions', 'jsonb', (col) => col.notNull())
    .addColumn('actions', 'jsonb', (col) => col.notNull())
    .addColumn('enabled', 'boolean', (col) => col.notNull())
    // A copy of trigger_config.key for webhook rules, unique across everyone's rules.
    .addColumn('webhook_key', 'text', (col) => col.unique())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('automation_rules_user_idx')
    .on('automation_rules')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('automation_scenes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('icon', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('rule_ids', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('automation_scenes_user_idx')
    .on('automation_scenes')
    .columns(['user_id', 'created_at'])
    .execute();

  // One row per run: its trace (conditions, each action's outcome), kept across restarts.
  await db.schema
    .createTable('automation_runs')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('seq', 'bigint', (col) => col.generatedAlwaysAsIdentity())
    .addColumn('rule_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('trigger', 'text', (col) => col.notNull())
    .addColumn('event', 'jsonb')
    .addColumn('depth', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .check(sql`status in ('queued', 'running', 'succeeded', 'failed', 'refused', 'cancelled')`),
    )
    .addColumn('reason', 'text')
    .addColumn('parent_run_id', 'text')
    .addColumn('conditions', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('actions', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('idempotency_key', 'text', (col) => col.unique())
    .addColumn('started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('automation_runs_rule_idx')
    .on('automation_runs')
    .columns(['rule_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('automation_runs_active_idx')
    .on('automation_runs')
    .columns(['rule_id', 'seq'])
    .where(sql<boolean>`status in ('queued', 'running')`)
    .execute();
  await db.schema
    .createIndex('automation_runs_started_idx')
    .on('automation_runs')
    .columns(['rule_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('briefings')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('date', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('summary_source', 'text', (col) =>
      col.notNull().check(sql`summary_source in ('ai', 'fallback')`),
    )
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending', 'generated', 'delivered')`),
    )
    .addColumn('weather', 'jsonb')
    .addColumn('news', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reminders', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('generated_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addUniqueConstraint('briefings_user_date_key', ['user_id', 'date'])
    .execute();

  await db.schema
    .createTable('briefing_settings')
    .addColumn('user_id', 'text', (col) => col.primaryKey())
    .addColumn('enabled', 'boolean', (col) => col.notNull())
    .addColumn('time', 'text', (col) => col.notNull())
    .addColumn('timezone', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'briefing_settings',
    'briefings',
    'automation_runs',
    'automation_scenes',
    'automation_rules',
    'reminders',
    'notification_cursors',
    'notifications',
    'jobs',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
