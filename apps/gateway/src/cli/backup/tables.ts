import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema';

/**
 * Tables a backup leaves out. The migration bookkeeping is the header's `migrations`; the rest
 * describes processes that run now (live WebSocket connections, instance heartbeats, bus
 * messages in flight, this minute's login attempts) and means nothing to another database.
 */
export const NOT_BACKED_UP = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'live_sessions',
  'gateway_instances',
  'bus_payloads',
  'auth_rate_limits',
]);

export interface TableInfo {
  name: string;
  /** Primary key columns, in key order (rows are read in pages along it). */
  primaryKey: string[];
  /** GENERATED … AS IDENTITY columns: restored as they were, then their sequences moved past them. */
  identity: string[];
}

/**
 * The gateway's tables in an order where every table comes after the tables its foreign keys
 * point to, read from the catalog (so a table a later migration adds is backed up without
 * anyone remembering to list it). Ties are broken by name, so the order is stable.
 */
export async function backupTables(db: Kysely<Database>): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p')
  `.execute(db);
  const keys = await sql<{ table: string; column: string; pos: number }>`
    select cl.relname as "table", a.attname as "column", array_position(i.indkey::int2[], a.attnum) as pos
    from pg_index i
    join pg_class cl on cl.oid = i.indrelid
    join pg_namespace n on n.oid = cl.relnamespace
    join pg_attribute a on a.attrelid = cl.oid and a.attnum = any(i.indkey::int2[])
    where i.indisprimary and n.nspname = current_schema()
  `.execute(db);
  const identity = await sql<{ table: string; column: string }>`
    select table_name as "table", column_name as "column" from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'
  `.execute(db);
  const references = await sql<{ child: string; parent: string }>`
    select ch.relname as child, pa.relname as parent
    from pg_constraint c
    join pg_class ch on ch.oid = c.conrelid
    join pg_class pa on pa.oid = c.confrelid
    join pg_namespace n on n.oid = ch.relnamespace
    where c.contype = 'f' and n.nspname = current_schema()
  `.execute(db);

  const names = tables.rows.map((t) => t.name).filter((n) => !NOT_BACKED_UP.has(n));
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const r of references.rows) if (r.child !== r.parent) parents.get(r.child)?.add(r.parent);

  const ordered: string[] = [];
  const remaining = new Set(names);
  while (remaining.size > 0) {
    const ready = [...remaining]
      .filter((n) => [...(parents.get(n) ?? [])].every((p) => !remaining.has(p)))
      .sort();
    // A cycle of foreign keys (none exists today) would otherwise loop: take the rest by name.
    const next = ready.length > 0 ? ready : [...remaining].sort();
    for (const n of next) {
      ordered.push(n);
      remaining.delete(n);
    }
  }
  return ordered.map((name) => ({
    name,
    primaryKey: keys.rows
      .filter((k) => k.table === name)
      .sort((a, b) => a.pos - b.pos)
      .map((k) => k.column),
    identity: identity.rows.filter((c) => c.table === name).map((c) => c.column),
  }));
}
