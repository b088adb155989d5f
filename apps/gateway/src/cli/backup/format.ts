import { z } from 'zod';

/*
 * The portable backup: JSON Lines, gzip-compressed when the file name ends in .gz.
 *
 *   {"format":"cyrene-backup","version":1,…,"migrations":[…],"tables":[…]}   header
 *   {"table":"users","row":{…}}                                           one per row, tables in dependency order
 *   {"blob":"<sha256>","data":"<base64>"}                                 stored file content, in ≤ 1 MiB pieces
 *   {"end":{"rows":{"users":3,…},"blobs":2}}                              trailer: a cut file is refused
 *
 * Rows are PostgreSQL's own JSON of each row (row_to_json) and are loaded back with
 * json_populate_recordset, so every type (timestamptz to the microsecond, arrays, jsonb, bigint)
 * round-trips exactly on PGlite and on PostgreSQL 15+, whichever engine wrote the file.
 */

export const BACKUP_FORMAT = 'cyrene-backup';
export const BACKUP_VERSION = 1;
export const BLOB_PIECE_BYTES = 1024 * 1024;

export const BackupHeaderSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  created_at: z.string(),
  source: z.enum(['pglite', 'postgres']),
  /** The migrations applied to the database that was dumped, in order: its schema version. */
  migrations: z.array(z.string()),
  /** Tables in the order their rows follow (parents before children). */
  tables: z.array(z.string()),
  /** Whether stored file content (DATA_DIR/blobs) follows the rows. */
  blobs: z.boolean(),
});
export type BackupHeader = z.infer<typeof BackupHeaderSchema>;

export const BackupTrailerSchema = z.object({
  end: z.object({ rows: z.record(z.number().int().nonnegative()), blobs: z.number().int().nonnegative() }),
});
export type BackupTrailer = z.infer<typeof BackupTrailerSchema>;

const BlobLineSchema = z.object({ blob: z.string().regex(/^[0-9a-f]{64}$/), data: z.string() });

/** A row line is written as `{"table":"<name>","row":` + the database's JSON + `}`. */
const ROW_LINE = /^\{"table":"([a-z_][a-z0-9_]*)","row":(\{.*\})\}$/;

export const rowLine = (table: string, rowJson: string) => `{"table":"${table}","row":${rowJson}}\n`;

export type BackupLine =
  | { kind: 'row'; table: string; json: string }
  | { kind: 'blob'; hash: string; data: Buffer }
  | { kind: 'end'; trailer: BackupTrailer };

/**
 * One line after the header. A row's JSON is passed on as text, not parsed: the database reads
 * it, so numbers beyond 2^53 and the exact text of every value survive.
 */
export function parseLine(line: string): BackupLine | undefined {
  const row = ROW_LINE.exec(line);
  if (row?.[1] && row[2]) return { kind: 'row', table: row[1], json: row[2] };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const blob = BlobLineSchema.safeParse(value);
  if (blob.success)
    return { kind: 'blob', hash: blob.data.blob, data: Buffer.from(blob.data.data, 'base64') };
  const end = BackupTrailerSchema.safeParse(value);
  if (end.success) return { kind: 'end', trailer: end.data };
  return undefined;
}
