import { type Kysely, sql } from 'kysely';

/**
 * Issue 16 (security):
 *
 * - `users.token_generation`: bumped when a user's logins must end at once (a password reset);
 *   every token carries the generation it was issued under and the auth guard refuses an older one.
 * - Usernames unique regardless of case. Rows already in the database that differ from an older
 *   row only by case are kept as they are (their owners still sign in with exactly their name,
 *   login being case-sensitive) but marked `legacy_case_duplicate`; the unique index on
 *   `lower(username)` covers every other row, so the oldest of each such group holds the name
 *   and no new account can take any spelling of it.
 * - `auth_rate_limits`: the login and registration attempts of each client address in the
 *   current one-minute window, shared by every instance on one PostgreSQL database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('token_generation', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('legacy_case_duplicate', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute();
  await sql`
    update users u set legacy_case_duplicate = true
    where exists (
      select 1 from users o
      where lower(o.username) = lower(u.username) and (o.created_at, o.id) < (u.created_at, u.id)
    )
  `.execute(db);
  await sql`
    create unique index users_username_folded_idx on users (lower(username))
    where not legacy_case_duplicate
  `.execute(db);

  await db.schema
    .createTable('auth_rate_limits')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('window_start', 'timestamptz', (col) => col.notNull())
    .addColumn('hits', 'integer', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('auth_rate_limits_window_idx')
    .on('auth_rate_limits')
    .column('window_start')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('auth_rate_limits').execute();
  await sql`drop index users_username_folded_idx`.execute(db);
  await db.schema.alterTable('users').dropColumn('legacy_case_duplicate').execute();
  await db.schema.alterTable('users').dropColumn('token_generation').execute();
}
