import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthRepository } from '../../auth/repository';
import { createTestDatabase } from '../../testing/test-database';
import type { GatewayDatabase } from '../database';
import { migrateToLatest } from '../migrate';
import { migrations } from './index';

const account = (username: string) => ({
  id: `user_${username}`,
  username,
  nickname: username,
  email: `${username}@example.com`,
  password_hash: 'not-a-hash',
});

/*
 * Migration 010 on a database that already holds names differing only by case (possible before
 * it): nobody is renamed or locked out, the oldest holds the name, and no spelling of it is free.
 */
describe('migration 010: usernames unique regardless of case', () => {
  let database: GatewayDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const back = await migrator.migrateTo('009_notification_order');
    expect(back.error).toBeUndefined();
    for (const [username, day] of [
      ['Alice', '03'],
      ['alice', '01'],
      ['ALICE', '02'],
      ['bob', '01'],
    ] as const) {
      const a = account(username);
      await sql`insert into users (id, username, nickname, email, password_hash, created_at)
        values (${a.id}, ${a.username}, ${a.nickname}, ${a.email}, ${a.password_hash}, ${`2026-01-${day}T00:00:00Z`})`.execute(
        database.db,
      );
    }
    await migrateToLatest(database.db);
  });
  afterAll(() => database.close());

  it('keeps every existing account, marking the younger spellings of a name', async () => {
    const rows = await database.db
      .selectFrom('users')
      .select(['username', 'legacy_case_duplicate'])
      .orderBy('username')
      .execute();
    expect(rows).toEqual([
      { username: 'ALICE', legacy_case_duplicate: true },
      { username: 'Alice', legacy_case_duplicate: true },
      { username: 'alice', legacy_case_duplicate: false },
      { username: 'bob', legacy_case_duplicate: false },
    ]);
    const repo = new AuthRepository(database.db);
    expect((await repo.findUserByUsername('ALICE'))?.id).toBe('user_ALICE');
  });

  it('refuses any new spelling of a taken name, and takes new names', async () => {
    const repo = new AuthRepository(database.db);
    expect(await repo.insertUser(account('aLiCe'))).toBeUndefined();
    expect(await repo.insertUser(account('BOB'))).toBeUndefined();
    expect(await repo.insertUser(account('carol'))).toMatchObject({ username: 'carol', token_generation: 0 });
    expect(await repo.insertUser(account('Carol'))).toBeUndefined();
  });
});
