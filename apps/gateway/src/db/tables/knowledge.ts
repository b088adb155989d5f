import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from './columns';

/** §8: knowledge bases, their documents, and the searchable chunks of each document. */

export interface KnowledgeBasesTable {
  id: string;
  user_id: string;
  name: string;
  description: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set while a reindex runs (a stale one, older than an hour, may be taken over). */
  reindex_started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Chunks in all its documents (BM25's collection size). */
  chunk_total: Generated<number>;
  /** Search tokens in all its chunks (for BM25's average chunk length). */
  token_total: Generated<number>;
}
export type KnowledgeBaseRow = Selectable<KnowledgeBasesTable>;

export type KnowledgeSourceType = 'text' | 'file' | 'url';

export interface KnowledgeDocumentsTable {
  id: string;
  kb_id: string;
  user_id: string;
  title: string;
  source_type: KnowledgeSourceType;
  source_ref: string;
  content_type: string;
  raw_content: string;
  chunk_count: number;
  /** Search tokens over all chunks: with chunk_count, the average chunk length BM25 needs. */
  token_count: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type KnowledgeDocumentRow = Selectable<KnowledgeDocumentsTable>;

export interface KnowledgeChunksTable {
  id: string;
  document_id: string;
  /** The document's, repeated so search filters without a join. */
  kb_id: string;
  user_id: string;
  chunk_index: number;
  content: string;
  char_start: number;
  char_end: number;
  /** Distinct search tokens (text/tokens.ts), GIN-indexed. */
  terms: string[];
  /** How often each of `terms` occurs. */
  term_freqs: number[];
  token_count: number;
  /** Unit-length embedding, or null when none was computed. */
  embedding: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  /** `<provider>/<model name>` that computed `embedding`. */
  embedding_model: ColumnType<string | null, string | null | undefined, string | null>;
}
export type KnowledgeChunkRow = Selectable<KnowledgeChunksTable>;

/** Per knowledge base and term: how many of its chunks hold the term. */
export interface KnowledgeTermsTable {
  kb_id: string;
  term: string;
  df: number;
}

export interface KnowledgeTables {
  knowledge_bases: KnowledgeBasesTable;
  knowledge_documents: KnowledgeDocumentsTable;
  knowledge_chunks: KnowledgeChunksTable;
  knowledge_terms: KnowledgeTermsTable;
}
