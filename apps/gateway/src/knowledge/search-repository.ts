import { type Kysely, sql } from 'kysely';
import { ownedBy } from '../db/owner';
import type { Database } from '../db/schema';
import {
  bm25ScoreSql,
  CANDIDATE_BUDGET,
  type Candidates,
  type CorpusStats,
  candidateSql,
  type LexicalPlan,
  substringScoreSql,
} from '../text/bm25';

/** The knowledge bases one search covers, with their collection statistics. */
export interface SearchScope {
  userId: string;
  kbIds: string[];
  stats: CorpusStats;
}

export interface RankedChunk {
  id: string;
  /** Raw BM25 score, or cosine similarity for vector ranks. */
  score: number;
}

export interface ChunkHit {
  id: string;
  document_id: string;
  document_title: string;
  kb_id: string;
  chunk_index: number;
  content: string;
}

/**
 * The queries behind knowledge search. Every one is restricted to the caller's own knowledge
 * bases (user_id and kb_id), so nothing of another user can rank, let alone be returned.
 */
export class KnowledgeSearchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The caller's knowledge bases among `kbIds` (all of them when absent), with their totals. */
  bases(userId: string, kbIds: string[] | undefined) {
    let q = this.db
      .selectFrom('knowledge_bases')
      .select(['id', 'chunk_total', 'token_total'])
      .where(ownedBy({ userId }));
    if (kbIds) q = q.where('id', 'in', kbIds);
    return q.execute();
  }

  /** Document frequency of each term over the scope's knowledge bases (absent: in no chunk). */
  async documentFrequencies(kbIds: string[], terms: string[]): Promise<Map<string, number>> {
    if (kbIds.length === 0 || terms.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('knowledge_terms')
      .select(['term', (eb) => eb.fn.sum<number>('df').as('df')])
      .where('kb_id', 'in', kbIds)
      .where('term', 'in', terms)
      .groupBy('term')
      .execute();
    return new Map(rows.map((r) => [r.term, Number(r.df)]));
  }

  /** The best chunks by BM25 among candidates found through the GIN index. */
  async lexical(
    scope: SearchScope,
    plan: LexicalPlan,
    candidates: Candidates,
    limit: number,
  ): Promise<RankedChunk[]> {
    const { rows } = await sql<RankedChunk>`
      select c.id, ${bm25ScoreSql('c', plan, scope.stats)} as score
      from (
        select k.id, k.terms, k.term_freqs, k.token_count from knowledge_chunks as k
        where k.user_id = ${scope.userId} and k.kb_id = any(${scope.kbIds}::text[]) and ${candidateSql('k', candidates)}
        limit ${CANDIDATE_BUDGET}
      ) as c
      order by score desc, c.id
      limit ${limit}
    `.execute(this.db);
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  /** The best chunks for a query of lone CJK characters, which the pair index cannot find. */
  async substring(scope: SearchScope, chars: string[], limit: number): Promise<RankedChunk[]> {
    const { rows } = await sql<RankedChunk>`
      select c.id, ${substringScoreSql('c', chars, scope.stats)} as score
      from (
        select id, content, token_count from knowledge_chunks
        where user_id = ${scope.userId} and kb_id = any(${scope.kbIds}::text[])
          and exists (select 1 from unnest(${chars}::text[]) as ch(s) where strpos(content, ch.s) > 0)
        limit ${CANDIDATE_BUDGET}
      ) as c
      order by score desc, c.id
      limit ${limit}
    `.execute(this.db);
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  /**
   * The chunks closest to `vector` by cosine similarity (both sides are unit length, so the dot
   * product), computed exactly over every chunk of the scope embedded by the same model.
   */
  async vector(scope: SearchScope, model: string, vector: number[], limit: number): Promise<RankedChunk[]> {
    const { rows } = await sql<RankedChunk>`
      select s.id, s.score from (
        select c.id,
          (select sum(a::float8 * b) from unnest(c.embedding, ${vector}::float8[]) as u(a, b)) as score
        from knowledge_chunks c
        where c.user_id = ${scope.userId} and c.kb_id = any(${scope.kbIds}::text[])
          and c.embedding_model = ${model} and array_length(c.embedding, 1) = ${vector.length}
      ) as s
      where s.score > 0
      order by s.score desc, s.id
      limit ${limit}
    `.execute(this.db);
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  /** What a result shows of each chunk (only the caller's). */
  hits(userId: string, ids: string[]): Promise<ChunkHit[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('knowledge_chunks as c')
      .innerJoin('knowledge_documents as d', 'd.id', 'c.document_id')
      .select(['c.id', 'c.document_id', 'd.title as document_title', 'c.kb_id', 'c.chunk_index', 'c.content'])
      .where(ownedBy({ userId }, 'c'))
      .where('c.id', 'in', ids)
      .execute();
  }
}
