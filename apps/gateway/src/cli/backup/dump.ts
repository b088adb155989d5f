import { type Kysely, sql, type Transaction } from 'kysely';
import { type BlobStore, inPieces } from '../../blobs/blob-store';
import type { DatabaseEngine } from '../../db/database';
import type { Database } from '../../db/schema';
import type { LineWriter } from '../jsonl-file';
import type { Progress } from '../progress';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, BLOB_PIECE_BYTES, rowLine } from './format';
import { backupTables, type TableInfo } from './tables';

const PAGE_ROWS = 1_000;

export interface DumpResult {
  rows: Record<string, number>;
  blobs: number;
  /** Blobs the database names but the blob store does not hold (their files already answer file_missing). */
  missingBlobs: number;
}

type Row = Record<string, unknown> & { j: string };

/** One page of a table along its primary key, each row as the database's JSON text. */
function page(tx: Transaction<Database>, table: TableInfo, after: Row | undefined) {
  const key = table.primaryKey.map((c) => sql.ref(c));
  const keyList = sql.join(key);
  const where = after
    ? sql`where (${keyList}) > (${sql.join(table.primaryKey.map((c) => sql`${after[c]}`))})`
    : sql``;
  const order = key.length > 0 ? sql`order by ${keyList}` : sql``;
  const limit = key.length > 0 ? sql`limit ${PAGE_ROWS}` : sql``;
  const extra = key.length > 0 ? sql`, ${keyList}` : sql``;
  return sql<Row>`
    select row_to_json(t)::text as j${extra} from ${sql.table(table.name)} as t ${where} ${order} ${limit}
  `.execute(tx);
}

async function dumpTable(
  tx: Transaction<Database>,
  table: TableInfo,
  out: LineWriter,
  progress: Progress,
): Promise<number> {
  let count = 0;
  let last: Row | undefined;
  for (;;) {
    const { rows } = await page(tx, table, last);
    for (const row of rows) await out.write(rowLine(table.name, row.j));
    count += rows.length;
    progress.tick(rows.length, table.name);
    // A table without a primary key (none today) is read in one query.
    if (rows.length < PAGE_ROWS || table.primaryKey.length === 0) return count;
    last = rows.at(-1);
  }
}

async function dumpBlob(blobs: BlobStore, hash: string, out: LineWriter): Promise<boolean> {
  const stream = await blobs.read(hash);
  if (!stream) return false;
  try {
    for await (const piece of inPieces(stream, BLOB_PIECE_BYTES)) {
      await out.write(`${JSON.stringify({ blob: hash, data: piece.toString('base64') })}\n`);
    }
    return true;
  } finally {
    stream.destroy();
  }
}

/**
 * Writes every table (and, with `blobs`, the stored file content) to `out`. It reads inside
 * one REPEATABLE READ transaction: one snapshot of the whole database, even while a gateway on
 * PostgreSQL keeps writing.
 */
export function dumpDatabase(
  db: Kysely<Database>,
  engine: DatabaseEngine,
  migrations: string[],
  blobs: BlobStore | undefined,
  out: LineWriter,
  progress: Progress,
): Promise<DumpResult> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      // Timestamps written in UTC whatever the server's zone: the same data gives the same file.
      await sql`set local time zone 'UTC'`.execute(tx);
      const tables = await backupTables(tx);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        created_at: new Date().toISOString(),
        source: engine,
        migrations,
        tables: tables.map((t) => t.name),
        blobs: blobs !== undefined,
      };
      await out.write(`${JSON.stringify(header)}\n`);
      const result: DumpResult = { rows: {}, blobs: 0, missingBlobs: 0 };
      progress.phase('rows');
      for (const table of tables) result.rows[table.name] = await dumpTable(tx, table, out, progress);
      if (blobs) {
        const hashes = await tx.selectFrom('file_blobs').select('hash').orderBy('hash').execute();
        progress.phase('file content', hashes.length);
        for (const { hash } of hashes) {
          if (await dumpBlob(blobs, hash, out)) result.blobs++;
          else result.missingBlobs++;
          progress.tick();
        }
      }
      await out.write(`${JSON.stringify({ end: { rows: result.rows, blobs: result.blobs } })}\n`);
      return result;
    });
}
