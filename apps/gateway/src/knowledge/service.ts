import { randomUUID } from 'node:crypto';
import type {
  AddKnowledgeDocumentBody,
  CreateKnowledgeBaseBody,
  KnowledgeBase,
  KnowledgeBaseDetail,
  KnowledgeBaseList,
  KnowledgeDocument,
  KnowledgeDocumentDetail,
  KnowledgeDocumentList,
  UpdateKnowledgeBaseBody,
} from '@cyrene/contracts';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock/clock';
import type { Database } from '../db/schema';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/principal';
import type { Logger } from '../logging/logger';
import type { KnowledgeAccountData, KnowledgeAccountImport } from './account-data';
import type { DocumentIndexer } from './indexer';
import { toKnowledgeBase, toKnowledgeChunk, toKnowledgeDocument } from './mapper';
import type { KnowledgeRepository } from './repository';
import type { SourceReader } from './sources';

export const kbNotFound = () => new ApiError('not_found', '知识库不存在');
const documentNotFound = () => new ApiError('not_found', '文档不存在');

/**
 * §8 knowledge bases and documents. Everything is the caller's own: another user's knowledge
 * base or document answers 404, as if it did not exist (the administrator included).
 */
export class KnowledgeService {
  constructor(
    private readonly repo: KnowledgeRepository,
    private readonly sources: SourceReader,
    private readonly indexer: DocumentIndexer,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async createBase(principal: Principal, body: CreateKnowledgeBaseBody): Promise<KnowledgeBase> {
    const now = this.clock.now();
    const row = {
      id: randomUUID(),
      user_id: principal.userId,
      name: body.name,
      description: body.description ?? '',
      created_at: now,
      updated_at: now,
    };
    await this.repo.insertBase(row);
    return toKnowledgeBase({
      ...row,
      reindex_started_at: null,
      chunk_total: 0,
      token_total: 0,
      doc_count: 0,
    });
  }

  async listBases(principal: Principal): Promise<KnowledgeBaseList> {
    const rows = await this.repo.listBases(principal.userId);
    return { knowledge_bases: rows.map(toKnowledgeBase), total: rows.length };
  }

  async getBase(principal: Principal, id: string): Promise<KnowledgeBaseDetail> {
    const base = await this.repo.findBase({ userId: principal.userId }, id);
    if (!base) throw kbNotFound();
    const documents = await this.repo.listDocuments(principal.userId, id);
    return { knowledge_base: toKnowledgeBase(base), documents: documents.map(toKnowledgeDocument) };
  }

  async updateBase(principal: Principal, id: string, body: UpdateKnowledgeBaseBody): Promise<void> {
    const change = {
      name: body.name,
      updated_at: this.clock.now(),
      ...(body.description === undefined ? {} : { description: body.description }),
    };
    if (!(await this.repo.updateBase(principal.userId, id, change))) throw kbNotFound();
  }

  async deleteBase(principal: Principal, id: string): Promise<void> {
    if (!(await this.repo.deleteBase(principal.userId, id))) throw kbNotFound();
    this.log.info({ userId: principal.userId, kbId: id }, 'knowledge base deleted');
  }

  /** Reads the source, chunks and indexes it, and stores it all in one transaction. */
  async addDocument(
    principal: Principal,
    kbId: string,
    body: AddKnowledgeDocumentBody,
  ): Promise<KnowledgeDocument> {
    // Checked first so that a missing base answers 404 before any file is read or URL fetched.
    if (!(await this.repo.findBase({ userId: principal.userId }, kbId))) throw kbNotFound();
    const source = await this.sources.read(principal, body);
    const chunks = await this.indexer.prepare(source.text, { kbId, title: body.title });
    const now = this.clock.now();
    const row = await this.repo.insertDocument(
      {
        id: randomUUID(),
        kb_id: kbId,
        user_id: principal.userId,
        title: body.title,
        source_type: body.source_type,
        source_ref: source.sourceRef,
        content_type: source.contentType,
        raw_content: source.text,
        created_at: now,
        updated_at: now,
      },
      chunks,
    );
    if (!row) throw kbNotFound();
    this.log.info(
      { userId: principal.userId, kbId, documentId: row.id, chunks: chunks.length },
      'knowledge document added',
    );
    return toKnowledgeDocument(row);
  }

  async listDocuments(principal: Principal, kbId: string): Promise<KnowledgeDocumentList> {
    if (!(await this.repo.findBase({ userId: principal.userId }, kbId))) throw kbNotFound();
    const rows = await this.repo.listDocuments(principal.userId, kbId);
    return { documents: rows.map(toKnowledgeDocument), total: rows.length };
  }

  async getDocument(principal: Principal, id: string): Promise<KnowledgeDocumentDetail> {
    const doc = await this.repo.findDocument(principal.userId, id);
    if (!doc) throw documentNotFound();
    const chunks = await this.repo.chunksOf(doc.id);
    return { document: toKnowledgeDocument(doc), chunks: chunks.map(toKnowledgeChunk) };
  }

  async deleteDocument(principal: Principal, id: string): Promise<void> {
    if (!(await this.repo.deleteDocument(principal.userId, id))) throw documentNotFound();
  }

  /* ---------- the account archive (account-export/) ---------- */

  exportFor(userId: string): Promise<KnowledgeAccountData> {
    return this.repo.exportFor(userId);
  }

  /** Adds archived knowledge to the user in the caller's transaction; an id in use is 409. */
  async importFor(userId: string, data: KnowledgeAccountImport, tx: Transaction<Database>): Promise<void> {
    const { takenId } = await this.repo.importFor(userId, data, tx);
    if (takenId !== undefined) {
      throw new ApiError(
        'conflict',
        `知识库条目 ${takenId} 已存在`,
        '该 ID 已被本网关上的知识库、文档或分块使用,无法导入',
      );
    }
  }
}
