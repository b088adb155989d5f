import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * The database or a transaction of it. A repository method that takes one (defaulting to its own
 * database) can join the caller's transaction: a reminder and its job are stored together.
 */
export type Executor = Kysely<Database> | Transaction<Database>;
