import { type Kysely, type MigrationInfo, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '../db/migrations/index';
import type { Database } from '../db/schema';
import { CliError } from './errors';

/** The migrations this gateway knows, in order (the names the database records). */
export const knownMigrations = (): string[] => Object.keys(migrations).sort();

const migratorFor = (db: Kysely<Database>) =>
  new Migrator({ db, provider: { getMigrations: async () => migrations } });

/** Every known migration with when it was applied (undefined: pending). */
export function migrationStatus(db: Kysely<Database>): Promise<readonly MigrationInfo[]> {
  return migratorFor(db).getMigrations();
}

export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  return (await migrationStatus(db)).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  return (await migrationStatus(db)).filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new CliError(`migration ${failed} failed: ${String(result.error)}`);
  }
  return result;
}

/** Applies every pending migration; returns the names applied now. */
export async function migrateAll(db: Kysely<Database>): Promise<string[]> {
  const result = check(await migratorFor(db).migrateToLatest());
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies migrations up to and including `name` (a restore brings an empty database to its backup's schema). */
export async function migrateUpTo(db: Kysely<Database>, name: string): Promise<void> {
  check(await migratorFor(db).migrateTo(name));
}
