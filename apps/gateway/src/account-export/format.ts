import { z } from 'zod';

/*
 * A user's account archive: gzip-compressed JSON Lines.
 *
 *   {"format":"cyrene-account","version":1,"user_id":…,"counts":{"sessions":{"sessions":3,…},…},…}
 *   {"area":"sessions","kind":"messages","item":{…}}     one line per record, areas in import order
 *   {"blob":"<sha256>","data":"<base64>"}                file content, ≤ 1 MiB a line, once per hash
 *   {"end":{"items":123,"blobs":2}}                       a cut download is refused on import
 *
 * Why this and not a .tar.gz: it is written and read as one stream (the REST download starts
 * before the whole archive exists, the importer never holds a file's bytes in memory), needs no
 * archive library, and stays greppable: `zcat export.jsonl.gz | jq 'select(.area=="memory")'`.
 */

export const ARCHIVE_FORMAT = 'cyrene-account';
export const ARCHIVE_VERSION = 1;
export const BLOB_PIECE_BYTES = 1024 * 1024;

const CountsSchema = z.record(z.record(z.number().int().nonnegative()));

export const ArchiveHeaderSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  exported_at: z.string(),
  /** Whose data it is, where it was exported (the default import target). */
  user_id: z.string().min(1),
  /** Their profile where it was exported, for the reader (the importer does not change profiles). */
  profile: z
    .object({
      username: z.string(),
      nickname: z.string(),
      email: z.string().nullable(),
      created_at: z.string().nullable(),
    })
    .nullable(),
  /** The exporting gateway's schema: every migration it knew. */
  migrations: z.array(z.string()),
  /** Records per area and kind that follow: every kind of every area is named, even at 0. */
  counts: CountsSchema,
  /** Distinct stored files whose content follows. */
  blobs: z.number().int().nonnegative(),
});
export type ArchiveHeader = z.infer<typeof ArchiveHeaderSchema>;

export const ItemLineSchema = z.object({ area: z.string(), kind: z.string(), item: z.unknown() });
export const BlobLineSchema = z.object({ blob: z.string().regex(/^[0-9a-f]{64}$/), data: z.string() });
export const EndLineSchema = z.object({
  end: z.object({ items: z.number().int().nonnegative(), blobs: z.number().int().nonnegative() }),
});

/** `cyrene-export-user_alice-20260101.jsonl.gz` */
export const archiveFileName = (userId: string, at: Date) =>
  `cyrene-export-${userId.replace(/[^\w.-]/g, '_')}-${at.toISOString().slice(0, 10).replaceAll('-', '')}.jsonl.gz`;
