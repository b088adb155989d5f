import type { ColumnType, Selectable } from 'kysely';
import type { CreatedAt } from './columns';

/** §6: stored content (one row per distinct SHA-256) and the uploads that reference it. */

/** One blob on disk under DATA_DIR/blobs, shared by every upload of identical bytes. */
export interface FileBlobsTable {
  /** SHA-256 of the content, lowercase hex; also its path on disk. */
  hash: string;
  size: ColumnType<number, number, never>;
  /** How many `files` rows point here; the blob is removed when it reaches 0. */
  ref_count: number;
  created_at: CreatedAt;
}
export type FileBlobRow = Selectable<FileBlobsTable>;

/** One upload: the owner's name for it, its sniffed type, and the blob holding its bytes. */
export interface FilesTable {
  /** uuid */
  id: string;
  user_id: string;
  /** The client's name, sanitised. */
  filename: string;
  /** Decided from the content, one of ALLOWED_FILE_MIME_TYPES. */
  mime_type: string;
  size: ColumnType<number, number, never>;
  hash: ColumnType<string, string, never>;
  is_public: ColumnType<boolean, boolean | undefined, boolean>;
  /** Written by the gateway from its clock, so tests can move time. */
  created_at: ColumnType<Date, Date | string, never>;
}
export type FileRow = Selectable<FilesTable>;

export interface FilesTables {
  file_blobs: FileBlobsTable;
  files: FilesTable;
}
