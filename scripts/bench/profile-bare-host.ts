import { createServer } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import express from 'express';
import pg from 'pg';
import { AuthRepository } from '../../apps/gateway/src/auth/repository';
import { fromPGlite, openPostgres } from '../../apps/gateway/src/db/database';
import { migrateToLatest } from '../../apps/gateway/src/db/migrate';
import { serve } from './harness/serve';
import { BENCH_USER } from './profile-user';

/*
 * The baseline of the profile benchmark, in a process of its own: bare Express answering
 * GET /profile with the query the gateway runs for it (the SQL Kysely generates for
 * AuthRepository.findUserById), through node-postgres on a pool of the gateway's size (10 on
 * PostgreSQL; 1 over PGlite, as the gateway has it), mapped to the same JSON. No auth, no
 * request id, no logging, no validation. Its store (DATA_DIR / DATABASE_URL) is its own: it
 * migrates it and adds the user the gateway benchmark registers.
 */

const QUERY = 'select * from "users" where "id" = $1';

async function openPool(): Promise<{ pool: pg.Pool; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const setup = openPostgres(url, 1);
    await migrateToLatest(setup.db);
    await seed(setup.db);
    await setup.close();
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    return { pool, close: () => pool.end() };
  }
  const pglite = await PGlite.create(`${process.env.DATA_DIR}/pgdata`);
  const database = fromPGlite(pglite);
  await migrateToLatest(database.db);
  await seed(database.db);
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  return {
    pool,
    close: async () => {
      await pool.end();
      await database.close();
    },
  };
}

async function seed(db: ConstructorParameters<typeof AuthRepository>[0]): Promise<void> {
  await new AuthRepository(db).insertUser({
    ...BENCH_USER,
    nickname: 'Bench',
    email: 'b@example.com',
    password_hash: 'not-used',
  });
}

const { pool, close } = await openPool();
const app = express();
app.get('/profile', async (_req, res) => {
  const { rows } = await pool.query<{ id: string; username: string; nickname: string; created_at: Date }>(
    QUERY,
    [BENCH_USER.id],
  );
  const row = rows[0];
  if (!row) return void res.status(404).json({ error: 'not found' });
  res.json({
    user_id: row.id,
    username: row.username,
    nickname: row.nickname,
    is_admin: false,
    created_at: row.created_at.toISOString(),
  });
});
await serve(createServer(app), close);
