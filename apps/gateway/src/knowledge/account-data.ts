import { z } from 'zod';
import { ArchivedTimestamp, type AreaStore, accountArea } from '../db/archive';

/**
 * §8's part of a user's account archive: knowledge bases, their documents, and each document's
 * chunks with their search terms and embeddings as computed (so no model is called to import).
 * The BM25 statistics are rebuilt from the chunks where they are imported.
 */
export const KnowledgeAccountDataSchema = z
  .object({
    bases: z.array(
      z.object({
        id: z.string().min(1),
        name: z.string(),
        description: z.string(),
        created_at: ArchivedTimestamp,
        updated_at: ArchivedTimestamp,
      }),
    ),
    documents: z.array(
      z.object({
        id: z.string().min(1),
        kb_id: z.string(),
        title: z.string(),
        source_type: z.enum(['text', 'file', 'url']),
        source_ref: z.string(),
        content_type: z.string(),
        raw_content: z.string(),
        created_at: ArchivedTimestamp,
        updated_at: ArchivedTimestamp,
      }),
    ),
    chunks: z.array(
      z.object({
        id: z.string().min(1),
        document_id: z.string(),
        chunk_index: z.number().int().nonnegative(),
        content: z.string(),
        char_start: z.number().int().nonnegative(),
        char_end: z.number().int().nonnegative(),
        terms: z.array(z.string()),
        term_freqs: z.array(z.number().int().min(0).max(32_767)),
        token_count: z.number().int().nonnegative(),
        embedding: z.array(z.number()).nullable(),
        embedding_model: z.string().nullable(),
      }),
    ),
  })
  .superRefine((data, ctx) => {
    const unique = (ids: string[], path: string) => {
      if (new Set(ids).size !== ids.length)
        ctx.addIssue({ code: 'custom', path: [path], message: 'duplicate id' });
    };
    unique(
      data.bases.map((b) => b.id),
      'bases',
    );
    unique(
      data.documents.map((d) => d.id),
      'documents',
    );
    unique(
      data.chunks.map((c) => c.id),
      'chunks',
    );
    // Documents and chunks may only land in bases and documents of the same archive.
    const bases = new Set(data.bases.map((b) => b.id));
    const docs = new Set(data.documents.map((d) => d.id));
    const strayDoc = data.documents.findIndex((d) => !bases.has(d.kb_id));
    if (strayDoc >= 0)
      ctx.addIssue({
        code: 'custom',
        path: ['documents', strayDoc, 'kb_id'],
        message: 'not a base of this archive',
      });
    const strayChunk = data.chunks.findIndex((c) => !docs.has(c.document_id));
    if (strayChunk >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['chunks', strayChunk, 'document_id'],
        message: 'not a document of this archive',
      });
    }
    const badFreqs = data.chunks.findIndex((c) => c.terms.length !== c.term_freqs.length);
    if (badFreqs >= 0)
      ctx.addIssue({ code: 'custom', path: ['chunks', badFreqs, 'term_freqs'], message: 'one per term' });
  });

export type KnowledgeAccountData = z.input<typeof KnowledgeAccountDataSchema>;
export type KnowledgeAccountImport = z.output<typeof KnowledgeAccountDataSchema>;

/** This domain's area of the account archive (services.ts registers it). */
export const knowledgeAccountArea = (store: AreaStore<KnowledgeAccountData, KnowledgeAccountImport>) =>
  accountArea({ name: 'knowledge', schema: KnowledgeAccountDataSchema, store });
