import { PGlite } from '@electric-sql/pglite';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPGlite, type GatewayDatabase } from '../database';
import type { Database } from '../schema';
import { migrations } from './index';

/**
 * 009: an installation upgraded with notifications already stored keeps them, numbered per user
 * in their old order, and each device's cursor points at the same notification as before.
 */
describe('migration 009: notifications numbered per user', () => {
  let database: GatewayDatabase;
  let db: Kysely<Database>;
  const migrator = () =>
    new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });

  beforeAll(async () => {
    database = fromPGlite(await PGlite.create());
    db = database.db;
    expect((await migrator().migrateTo('008_proactive')).error).toBeUndefined();
    // A fresh PGlite and eight migrations: slow on a busy machine.
  }, 120_000);
  afterAll(() => database.close());

  it('renumbers existing rows per user, and carries device cursors over', async () => {
    // Interleaved users under the old global identity: seqs 1..5.
    for (const [id, user] of [
      ['n1', 'ann'],
      ['n2', 'bob'],
      ['n3', 'ann'],
      ['n4', 'bob'],
      ['n5', 'ann'],
    ]) {
      await sql`insert into notifications (id, user_id, type, title, body, created_at)
        values (${id}, ${user}, 'info', ${id}, '', now())`.execute(db);
    }
    // ann's phone had seen n3 (global seq 3); bob's laptop n4 (global seq 4).
    await sql`insert into notification_cursors (user_id, client_id, last_seq, updated_at)
      values ('ann', 'phone', 3, now()), ('bob', 'laptop', 4, now())`.execute(db);

    expect((await migrator().migrateToLatest()).error).toBeUndefined();

    const rows = await db
      .selectFrom('notifications')
      .select(['id', 'user_id', 'seq'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'n1', user_id: 'ann', seq: 1 },
      { id: 'n2', user_id: 'bob', seq: 1 },
      { id: 'n3', user_id: 'ann', seq: 2 },
      { id: 'n4', user_id: 'bob', seq: 2 },
      { id: 'n5', user_id: 'ann', seq: 3 },
    ]);
    const cursors = await db
      .selectFrom('notification_cursors')
      .select(['user_id', 'client_id', 'last_seq'])
      .orderBy('user_id')
      .execute();
    expect(cursors).toEqual([
      { user_id: 'ann', client_id: 'phone', last_seq: 2 },
      { user_id: 'bob', client_id: 'laptop', last_seq: 2 },
    ]);
    const counters = await db
      .selectFrom('notification_counters')
      .select(['user_id', 'last_seq'])
      .orderBy('user_id')
      .execute();
    expect(counters).toEqual([
      { user_id: 'ann', last_seq: 3 },
      { user_id: 'bob', last_seq: 2 },
    ]);
  }, 60_000);
});
