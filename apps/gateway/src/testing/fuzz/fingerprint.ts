import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema';

/**
 * The tables holding what users and the administrator stored. Left out: tables a refused request
 * may rightly touch (refresh-token reuse detection revokes a login; client last-seen times) and the
 * gateway's own bookkeeping (jobs, instances, stream logs).
 */
const STORED_DATA = [
  'users',
  'sessions',
  'messages',
  'files',
  'file_blobs',
  'knowledge_bases',
  'knowledge_documents',
  'knowledge_chunks',
  'memories',
  'notifications',
  'reminders',
  'automation_rules',
  'automation_scenes',
  'briefing_settings',
  'model_providers',
  'models',
  'model_routing',
] as const;

/** A digest of every stored row: equal before and after a request means it changed nothing. */
export async function storedDataFingerprint(db: Kysely<Database>): Promise<string> {
  const parts = STORED_DATA.map(
    (table) =>
      sql`select ${table}::text as t, md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as h from ${sql.table(table)} r`,
  );
  const { rows } = await sql<{ t: string; h: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return rows.map((r) => `${r.t}:${r.h}`).join(',');
}

/**
 * Resolves once stored data stops changing: the same digest on three reads in a row, 50 ms apart
 * (polling for a condition, not a fixed wait); gives up after 10 s, leaving the next check to tell.
 */
export async function storedDataSettled(db: Kysely<Database>): Promise<void> {
  let last = await storedDataFingerprint(db);
  let same = 0;
  for (let tries = 0; tries < 200 && same < 2; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await storedDataFingerprint(db);
    same = next === last ? same + 1 : 0;
    last = next;
  }
}
