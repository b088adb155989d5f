import type { KnowledgeBase, KnowledgeChunk, KnowledgeDocument } from '@cyrene/contracts';
import type { KnowledgeChunkRow, KnowledgeDocumentRow } from '../db/schema';
import type { KnowledgeBaseWithCount } from './repository';

/** Rows → contract types for §8: the one place timestamps become RFC 3339. */
export function toKnowledgeBase(row: KnowledgeBaseWithCount): KnowledgeBase {
  return {
    id: row.id,
    user_id: row.user_id,
    name: row.name,
    description: row.description,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    doc_count: row.doc_count,
  };
}

export function toKnowledgeDocument(row: KnowledgeDocumentRow): KnowledgeDocument {
  return {
    id: row.id,
    kb_id: row.kb_id,
    user_id: row.user_id,
    title: row.title,
    source_type: row.source_type,
    source_ref: row.source_ref,
    content_type: row.content_type,
    raw_content: row.raw_content,
    chunk_count: row.chunk_count,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toKnowledgeChunk(
  row: Pick<KnowledgeChunkRow, 'id' | 'document_id' | 'chunk_index' | 'content' | 'char_start' | 'char_end'>,
): KnowledgeChunk {
  return {
    id: row.id,
    document_id: row.document_id,
    index: row.chunk_index,
    content: row.content,
    char_start: row.char_start,
    char_end: row.char_end,
  };
}
