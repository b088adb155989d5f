import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger';
import { chunkText } from '../text/chunker';
import { termVector } from '../text/tokens';
import type { PreparedChunk } from './chunk-writes';
import type { Embedder } from './embedder';

/**
 * Turns a document's text into stored chunks: split (text/chunker.ts), tokenised for the
 * lexical index, and embedded when an embedding model is configured. An embedding provider
 * that fails does not fail the document: it is stored for lexical search, the degradation is
 * logged, and a reindex can add the vectors later.
 */
export class DocumentIndexer {
  constructor(
    private readonly embedder: Embedder,
    private readonly log: Logger,
  ) {}

  /**
   * `strict`: an embedding failure throws instead of leaving the chunks without vectors (a
   * reindex must not trade a document's vectors for none).
   */
  async prepare(
    text: string,
    context: { kbId: string; title: string; strict?: boolean },
  ): Promise<PreparedChunk[]> {
    const chunks = chunkText(text).map((chunk): PreparedChunk => {
      const vector = termVector(chunk.content);
      return {
        id: randomUUID(),
        chunk_index: chunk.index,
        content: chunk.content,
        char_start: chunk.start,
        char_end: chunk.end,
        terms: vector.terms,
        term_freqs: vector.freqs,
        token_count: vector.length,
        embedding: null,
        embedding_model: null,
      };
    });
    if (chunks.length === 0) return chunks;
    try {
      const embeddings = await this.embedder.embed(chunks.map((c) => c.content));
      if (embeddings) {
        chunks.forEach((chunk, i) => {
          chunk.embedding = embeddings.vectors[i] ?? null;
          chunk.embedding_model = chunk.embedding ? embeddings.model : null;
        });
      }
    } catch (e) {
      if (context.strict) throw e;
      this.log.warn(
        { kbId: context.kbId, title: context.title, reason: e instanceof Error ? e.message : String(e) },
        'knowledge document indexed without embeddings (lexical search only until a reindex)',
      );
    }
    return chunks;
  }
}
