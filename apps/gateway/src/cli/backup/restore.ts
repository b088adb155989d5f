import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type BlobStore, removeFile } from '../../blobs/blob-store';
import type { Database } from '../../db/schema';
import { CliError } from '../errors';
import type { Progress } from '../progress';
import { type BackupHeader, type BackupTrailer, parseLine } from './format';
import { backupTables, type TableInfo } from './tables';

/** Rows per INSERT, and the JSON text per INSERT (knowledge chunks with embeddings are large). */
const BATCH_ROWS = 500;
const BATCH_CHARS = 4 * 1024 * 1024;

export interface RestoreResult {
  rows: Record<string, number>;
  blobs: number;
}

const corrupt = (why: string) =>
  new CliError(`the backup is damaged or incomplete: ${why}`, 'nothing was restored; use an intact copy');

/** Tables of the target that hold rows (the installation row every migrated database has aside). */
async function tablesWithData(tx: Transaction<Database>, tables: TableInfo[]): Promise<string[]> {
  const full: string[] = [];
  for (const t of tables) {
    if (t.name === 'installation') continue;
    const { rows } = await sql<{
      any: boolean;
    }>`select exists (select 1 from ${sql.table(t.name)}) as any`.execute(tx);
    if (rows[0]?.any) full.push(t.name);
  }
  return full;
}

async function insertBatch(tx: Transaction<Database>, table: string, rows: string[]): Promise<void> {
  // OVERRIDING SYSTEM VALUE keeps identity ids (message ids) as they were.
  await sql`
    insert into ${sql.table(table)} overriding system value
    select * from json_populate_recordset(null::${sql.table(table)}, ${`[${rows.join(',')}]`}::json)
  `.execute(tx);
}

/** Moves each identity sequence past the restored ids, so new rows do not collide with them. */
async function resetIdentities(tx: Transaction<Database>, tables: TableInfo[]): Promise<void> {
  for (const t of tables) {
    for (const column of t.identity) {
      await sql`
        select setval(pg_get_serial_sequence(${t.name}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false)
        from ${sql.table(t.name)}
      `.execute(tx);
    }
  }
}

/** A blob being received piece by piece into a temp file, hashed as it comes. */
interface IncomingBlob {
  hash: string;
  path: string;
  handle: FileHandle;
  digest: ReturnType<typeof createHash>;
}

/**
 * Loads a backup's rows and blobs into `db`, which is already at the backup's schema, in one
 * transaction: a damaged file, a cut one (no trailer, or counts that differ), or a target that
 * already holds data (without `force`) leaves the target as it was.
 */
export function restoreDatabase(
  db: Kysely<Database>,
  header: BackupHeader,
  lines: AsyncIterator<string>,
  blobs: BlobStore,
  force: boolean,
  progress: Progress,
): Promise<RestoreResult> {
  return db.transaction().execute(async (tx) => {
    const tables = await backupTables(tx);
    const known = new Set(tables.map((t) => t.name));
    const unknown = header.tables.filter((t) => !known.has(t));
    if (unknown.length > 0) throw corrupt(`tables this database does not have: ${unknown.join(', ')}`);
    const full = await tablesWithData(tx, tables);
    if (full.length > 0 && !force) {
      throw new CliError(
        `the target database already holds data (${full.join(', ')})`,
        'restore into an empty database, or pass --force to replace everything in it',
      );
    }
    // Everything goes: a restore replaces the database (the installation row comes from the backup).
    await sql`truncate ${sql.join(tables.map((t) => sql.table(t.name)))} restart identity cascade`.execute(
      tx,
    );

    const result: RestoreResult = { rows: {}, blobs: 0 };
    let batch: { table: string; rows: string[]; chars: number } | undefined;
    const flush = async () => {
      if (!batch || batch.rows.length === 0) return;
      await insertBatch(tx, batch.table, batch.rows);
      result.rows[batch.table] = (result.rows[batch.table] ?? 0) + batch.rows.length;
      progress.tick(batch.rows.length, batch.table);
      batch = undefined;
    };
    let blob: IncomingBlob | undefined;
    const finishBlob = async () => {
      if (!blob) return;
      const current = blob;
      blob = undefined;
      await current.handle.close();
      if (current.digest.digest('hex') !== current.hash) {
        await removeFile(current.path);
        throw corrupt(`the content of blob ${current.hash} does not match its hash`);
      }
      if (!(await blobs.place(current.path, current.hash))) await removeFile(current.path);
      result.blobs++;
    };
    let trailer: BackupTrailer | undefined;
    let order = 0;
    progress.phase('rows');
    try {
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        if (next.value === '') continue;
        if (trailer) throw corrupt('lines after the end marker');
        const line = parseLine(next.value);
        if (!line) throw corrupt(`unreadable line: ${next.value.slice(0, 80)}`);
        if (line.kind === 'row') {
          const at = header.tables.indexOf(line.table);
          if (at < order) throw corrupt(`rows of ${line.table} out of the header's table order`);
          order = at;
          if (
            batch &&
            (batch.table !== line.table || batch.rows.length >= BATCH_ROWS || batch.chars >= BATCH_CHARS)
          ) {
            await flush();
          }
          batch ??= { table: line.table, rows: [], chars: 0 };
          batch.rows.push(line.json);
          batch.chars += line.json.length;
        } else if (line.kind === 'blob') {
          await flush();
          if (blob?.hash !== line.hash) {
            await finishBlob();
            const path = await blobs.tempPath();
            blob = { hash: line.hash, path, handle: await open(path, 'w'), digest: createHash('sha256') };
            progress.phase('file content');
          }
          blob.digest.update(line.data);
          await blob.handle.write(line.data);
        } else {
          await flush();
          await finishBlob();
          trailer = line.trailer;
        }
      }
    } finally {
      if (blob) {
        await blob.handle.close();
        await removeFile(blob.path);
      }
    }
    if (!trailer) throw corrupt('it ends before its end marker (cut short?)');
    for (const table of new Set([...Object.keys(trailer.end.rows), ...Object.keys(result.rows)])) {
      if ((trailer.end.rows[table] ?? 0) !== (result.rows[table] ?? 0)) {
        throw corrupt(
          `${table}: ${result.rows[table] ?? 0} rows read, ${trailer.end.rows[table] ?? 0} written`,
        );
      }
    }
    if (trailer.end.blobs !== result.blobs)
      throw corrupt(`${result.blobs} blobs read, ${trailer.end.blobs} written`);
    await resetIdentities(tx, tables);
    return result;
  });
}
