import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor';
import { ownedBy } from '../db/owner';
import type { Database, FileRow } from '../db/schema';

export interface NewFile {
  id: string;
  user_id: string;
  filename: string;
  mime_type: string;
  size: number;
  hash: string;
  created_at: Date;
}

/**
 * Upload rows scoped by owner, and the blob reference counts. No rules here: the service decides
 * what to do with a count. The blob methods lock the blob's row until the transaction ends, so
 * the service can add or remove the bytes on disk while no other transaction can touch them.
 */
export class FilesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Adds a reference to a blob, creating its row at 1; returns the new count (row locked). */
  async referenceBlob(hash: string, size: number, db: Executor = this.db): Promise<number> {
    const row = await db
      .insertInto('file_blobs')
      .values({ hash, size, ref_count: 1 })
      .onConflict((oc) =>
        oc.column('hash').doUpdateSet((eb) => ({ ref_count: eb('file_blobs.ref_count', '+', 1) })),
      )
      .returning('ref_count')
      .executeTakeFirstOrThrow();
    return row.ref_count;
  }

  /** Drops one reference; at 0 the blob's row is deleted. Returns the references left (row locked). */
  async releaseBlob(hash: string, db: Executor = this.db): Promise<number> {
    const row = await db
      .updateTable('file_blobs')
      .set((eb) => ({ ref_count: eb('ref_count', '-', 1) }))
      .where('hash', '=', hash)
      .returning('ref_count')
      .executeTakeFirst();
    const left = row?.ref_count ?? 0;
    if (left <= 0) await db.deleteFrom('file_blobs').where('hash', '=', hash).execute();
    return left;
  }

  async insertFile(file: NewFile, db: Executor = this.db): Promise<FileRow> {
    return db.insertInto('files').values(file).returningAll().executeTakeFirstOrThrow();
  }

  findFile(userId: string, id: string): Promise<FileRow | undefined> {
    return this.db
      .selectFrom('files')
      .selectAll()
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Deletes the owner's file row and returns it; undefined when there is none. */
  deleteFile(userId: string, id: string, db: Executor = this.db): Promise<FileRow | undefined> {
    return db
      .deleteFrom('files')
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Every file of the owner, oldest first (the account archive). */
  listAllFiles(userId: string): Promise<FileRow[]> {
    return this.db
      .selectFrom('files')
      .selectAll()
      .where(ownedBy({ userId }))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Inserts an archived file row as it was; undefined when its id is taken (by anyone). */
  insertArchivedFile(
    file: NewFile & { is_public: boolean },
    db: Executor = this.db,
  ): Promise<FileRow | undefined> {
    return db
      .insertInto('files')
      .values(file)
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /** One page of the owner's files, newest first, and how many they have in all. */
  async listFiles(
    userId: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: FileRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.db
        .selectFrom('files')
        .selectAll()
        .where(ownedBy({ userId }))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .offset(offset)
        .limit(limit)
        .execute(),
      this.db
        .selectFrom('files')
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .where(ownedBy({ userId }))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }
}
