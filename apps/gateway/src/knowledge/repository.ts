import type { Insertable, Kysely, Transaction } from 'kysely';
import { archivedTime } from '../db/archive';
import { type Owner, ownedBy } from '../db/owner';
import type {
  Database,
  KnowledgeBaseRow,
  KnowledgeChunkRow,
  KnowledgeDocumentRow,
  KnowledgeDocumentsTable,
} from '../db/schema';
import type { KnowledgeAccountData, KnowledgeAccountImport } from './account-data';
import { addChunks, lockBase, type PreparedChunk, removeChunks, sumTokens } from './chunk-writes';

export type KnowledgeBaseWithCount = KnowledgeBaseRow & { doc_count: number };
export type NewDocument = Omit<Insertable<KnowledgeDocumentsTable>, 'chunk_count' | 'token_count'>;

/**
 * Knowledge bases, documents and their chunks. Every read and write of a user's thing is scoped
 * by its owner. Writes that touch a knowledge base's index first lock its row, so the collection
 * statistics (chunk_total, token_total, knowledge_terms) stay exact under concurrent writers.
 */
export class KnowledgeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private basesWithCount(db: Kysely<Database> | Transaction<Database>) {
    return db
      .selectFrom('knowledge_bases as kb')
      .selectAll('kb')
      .select((eb) =>
        eb
          .selectFrom('knowledge_documents as d')
          .whereRef('d.kb_id', '=', 'kb.id')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('doc_count'),
      );
  }

  async insertBase(row: Omit<KnowledgeBaseRow, 'reindex_started_at' | 'chunk_total' | 'token_total'>) {
    await this.db.insertInto('knowledge_bases').values(row).execute();
  }

  async listBases(userId: string): Promise<KnowledgeBaseWithCount[]> {
    const rows = await this.basesWithCount(this.db)
      .where(ownedBy({ userId }, 'kb'))
      .orderBy('kb.created_at', 'desc')
      .orderBy('kb.id', 'desc')
      .execute();
    return rows.map((r) => ({ ...r, doc_count: Number(r.doc_count ?? 0) }));
  }

  /** The owner's knowledge base (`'anyone'`: whoever's it is, for the administrator). */
  async findBase(owner: Owner, id: string): Promise<KnowledgeBaseWithCount | undefined> {
    const row = await this.basesWithCount(this.db)
      .where(ownedBy(owner, 'kb'))
      .where('kb.id', '=', id)
      .executeTakeFirst();
    return row && { ...row, doc_count: Number(row.doc_count ?? 0) };
  }

  async updateBase(
    userId: string,
    id: string,
    change: { name: string; description?: string; updated_at: Date },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('knowledge_bases')
      .set(change)
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Deletes the base; its documents, chunks and term statistics go with it (foreign keys). */
  async deleteBase(userId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('knowledge_bases')
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  listDocuments(userId: string, kbId: string): Promise<KnowledgeDocumentRow[]> {
    return this.db
      .selectFrom('knowledge_documents')
      .selectAll()
      .where(ownedBy({ userId }))
      .where('kb_id', '=', kbId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  findDocument(userId: string, id: string): Promise<KnowledgeDocumentRow | undefined> {
    return this.db
      .selectFrom('knowledge_documents')
      .selectAll()
      .where(ownedBy({ userId }))
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The chunks of a document, in order, without their index columns. */
  chunksOf(
    documentId: string,
  ): Promise<
    Pick<KnowledgeChunkRow, 'id' | 'document_id' | 'chunk_index' | 'content' | 'char_start' | 'char_end'>[]
  > {
    return this.db
      .selectFrom('knowledge_chunks')
      .select(['id', 'document_id', 'chunk_index', 'content', 'char_start', 'char_end'])
      .where('document_id', '=', documentId)
      .orderBy('chunk_index')
      .execute();
  }

  /** Stores a document with its chunks; undefined when its knowledge base is gone meanwhile. */
  insertDocument(doc: NewDocument, chunks: PreparedChunk[]): Promise<KnowledgeDocumentRow | undefined> {
    return this.db.transaction().execute(async (tx) => {
      if (!(await lockBase(tx, doc.user_id, doc.kb_id))) return undefined;
      const totals = sumTokens(chunks);
      const row = await tx
        .insertInto('knowledge_documents')
        .values({ ...doc, chunk_count: chunks.length, token_count: totals })
        .returningAll()
        .executeTakeFirstOrThrow();
      await addChunks(tx, row, chunks);
      return row;
    });
  }

  /** Replaces a document's chunks (a reindex); false when the document is gone meanwhile. */
  replaceChunks(doc: KnowledgeDocumentRow, chunks: PreparedChunk[], now: Date): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      if (!(await lockBase(tx, doc.user_id, doc.kb_id))) return false;
      const current = await tx
        .selectFrom('knowledge_documents')
        .selectAll()
        .where('id', '=', doc.id)
        .executeTakeFirst();
      if (!current) return false;
      await removeChunks(tx, current);
      const updated = await tx
        .updateTable('knowledge_documents')
        .set({ chunk_count: chunks.length, token_count: sumTokens(chunks), updated_at: now })
        .where('id', '=', doc.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await addChunks(tx, updated, chunks);
      return true;
    });
  }

  deleteDocument(userId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const doc = await tx
        .selectFrom('knowledge_documents')
        .selectAll()
        .where(ownedBy({ userId }))
        .where('id', '=', id)
        .executeTakeFirst();
      if (!doc || !(await lockBase(tx, userId, doc.kb_id))) return false;
      await removeChunks(tx, doc);
      const result = await tx.deleteFrom('knowledge_documents').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  /** Marks a reindex as started; false when one started less than `staleAfterMs` ago still runs. */
  async claimReindex(id: string, now: Date, staleAfterMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('knowledge_bases')
      .set({ reindex_started_at: now })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('reindex_started_at', 'is', null),
          eb('reindex_started_at', '<', new Date(now.getTime() - staleAfterMs)),
        ]),
      )
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async finishReindex(id: string): Promise<void> {
    await this.db
      .updateTable('knowledge_bases')
      .set({ reindex_started_at: null })
      .where('id', '=', id)
      .execute();
  }

  /** The ids of a knowledge base's documents, oldest first (the reindex walks them). */
  async documentIds(kbId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('knowledge_documents')
      .select('id')
      .where('kb_id', '=', kbId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** A document whoever owns it (the reindex, after its owner or the administrator asked). */
  findDocumentById(id: string): Promise<KnowledgeDocumentRow | undefined> {
    return this.db.selectFrom('knowledge_documents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /* ---------- the account archive (account-export/) ---------- */

  /** All of a user's knowledge bases, documents and chunks, in creation and chunk order. */
  async exportFor(userId: string): Promise<KnowledgeAccountData> {
    const bases = await this.db
      .selectFrom('knowledge_bases')
      .select(['id', 'name', 'description', 'created_at', 'updated_at'])
      .where(ownedBy({ userId }))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const documents = await this.db
      .selectFrom('knowledge_documents')
      .select(['id', 'kb_id', 'title', 'source_type', 'source_ref', 'content_type', 'raw_content'])
      .select(['created_at', 'updated_at'])
      .where(ownedBy({ userId }))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const chunks = await this.db
      .selectFrom('knowledge_chunks')
      .select(['id', 'document_id', 'chunk_index', 'content', 'char_start', 'char_end'])
      .select(['terms', 'term_freqs', 'token_count', 'embedding', 'embedding_model'])
      .where(ownedBy({ userId }))
      .orderBy('document_id')
      .orderBy('chunk_index')
      .execute();
    const times = <T extends { created_at: Date; updated_at: Date }>(r: T) => ({
      ...r,
      created_at: archivedTime(r.created_at),
      updated_at: archivedTime(r.updated_at),
    });
    return { bases: bases.map(times), documents: documents.map(times), chunks };
  }

  /**
   * Adds archived knowledge to a user inside the caller's transaction. Chunks go in through the
   * same writes as a new document's, so each base's BM25 statistics come out exact. Stops at an
   * id already in use and returns it.
   */
  async importFor(
    userId: string,
    data: KnowledgeAccountImport,
    tx: Transaction<Database>,
  ): Promise<{ takenId?: string }> {
    for (const base of data.bases) {
      const inserted = await tx
        .insertInto('knowledge_bases')
        .values({ ...base, user_id: userId })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return { takenId: base.id };
    }
    const chunksOf = new Map<string, PreparedChunk[]>();
    for (const { document_id, ...chunk } of data.chunks) {
      const list = chunksOf.get(document_id) ?? [];
      list.push(chunk);
      chunksOf.set(document_id, list);
    }
    for (const doc of data.documents) {
      const chunks = chunksOf.get(doc.id) ?? [];
      const row = await tx
        .insertInto('knowledge_documents')
        .values({ ...doc, user_id: userId, chunk_count: chunks.length, token_count: sumTokens(chunks) })
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) return { takenId: doc.id };
      if (chunks.length === 0) continue;
      const taken = await tx
        .selectFrom('knowledge_chunks')
        .select('id')
        .where(
          'id',
          'in',
          chunks.map((c) => c.id),
        )
        .executeTakeFirst();
      if (taken) return { takenId: taken.id };
      await addChunks(tx, row, chunks);
    }
    return {};
  }

  async countDocuments(kbId: string): Promise<number> {
    const row = await this.db
      .selectFrom('knowledge_documents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kb_id', '=', kbId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
