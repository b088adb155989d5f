import type { Migration } from 'kysely';
import * as users from './001_users';

/**
 * Every migration, in order. The same SQL runs on PGlite (PostgreSQL 18) and on
 * PostgreSQL 15: nothing newer than 15 may be used here.
 */
export const migrations: Record<string, Migration> = {
  '001_users': users,
};
