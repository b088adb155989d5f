import type { KnowledgeSearchBody, KnowledgeSearchResult, SearchChunkResult } from '@cyrene/contracts';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/principal';
import type { Logger } from '../logging/logger';
import { onlyLoneCjk, planLexical, rankInTiers, substringMaxScore, weighTerms } from '../text/bm25';
import { queryTerms } from '../text/tokens';
import type { Embedder } from './embedder';
import type { KnowledgeSearchRepository, RankedChunk, SearchScope } from './search-repository';

/** Reciprocal rank fusion's constant: ranks 1 and 2 differ little, ranks 1 and 50 a lot. */
export const RRF_K = 60;

type Match = SearchChunkResult['match'];

export interface FusedChunk {
  id: string;
  score: number;
  match: Match;
}

/**
 * Reciprocal rank fusion: each list adds 1/(k + rank) for the chunks it holds. The sum is
 * divided by its best possible value (first in both lists), so the score lies in 0–1.
 */
export function fuseByRank(lexical: RankedChunk[], vector: RankedChunk[]): FusedChunk[] {
  const fused = new Map<string, { score: number; lexical: boolean; vector: boolean }>();
  const add = (list: RankedChunk[], kind: 'lexical' | 'vector') =>
    list.forEach((hit, i) => {
      const entry = fused.get(hit.id) ?? { score: 0, lexical: false, vector: false };
      entry.score += 1 / (RRF_K + i + 1);
      entry[kind] = true;
      fused.set(hit.id, entry);
    });
  add(lexical, 'lexical');
  add(vector, 'vector');
  const best = 2 / (RRF_K + 1);
  return [...fused.entries()]
    .map(([id, e]) => ({
      id,
      score: e.score / best,
      match: (e.lexical && e.vector ? 'hybrid' : e.lexical ? 'lexical' : 'vector') as Match,
    }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/**
 * POST /knowledge/search: BM25 over the lexical index always, plus exact cosine similarity
 * over stored embeddings when an embedding model is configured, fused by rank. With no model,
 * or a provider that fails (logged), the lexical ranking alone answers, its BM25 score
 * mapped onto 0–1.
 */
export class KnowledgeSearch {
  constructor(
    private readonly repo: KnowledgeSearchRepository,
    private readonly embedder: Embedder,
    private readonly log: Logger,
  ) {}

  async search(principal: Principal, body: KnowledgeSearchBody): Promise<KnowledgeSearchResult> {
    const scope = await this.scope(principal.userId, body.kb_ids);
    const depth = Math.min(100, Math.max(body.limit * 2, 20));
    const [lexical, vector] = await Promise.all([
      this.lexical(scope, body.query, depth),
      this.vector(scope, body.query, depth),
    ]);
    const fused: FusedChunk[] =
      vector === undefined
        ? lexical.hits.map((h) => ({ id: h.id, score: h.score / lexical.max, match: 'lexical' }))
        : fuseByRank(lexical.hits, vector);
    const top = fused.slice(0, body.limit);
    const rows = await this.repo.hits(
      scope.userId,
      top.map((f) => f.id),
    );
    const hits = new Map(rows.map((h) => [h.id, h]));
    const chunks: SearchChunkResult[] = [];
    for (const f of top) {
      const hit = hits.get(f.id);
      // A chunk deleted between ranking and reading is simply left out.
      if (!hit) continue;
      chunks.push({
        chunk_id: hit.id,
        document_id: hit.document_id,
        document_title: hit.document_title,
        kb_id: hit.kb_id,
        content: hit.content,
        chunk_index: hit.chunk_index,
        score: Math.min(1, Math.max(0, f.score)),
        match: f.match,
      });
    }
    return { chunks, total: chunks.length, query: body.query };
  }

  private async scope(userId: string, kbIds: string[] | undefined): Promise<SearchScope> {
    const wanted = kbIds && kbIds.length > 0 ? [...new Set(kbIds)] : undefined;
    const bases = await this.repo.bases(userId, wanted);
    if (wanted && bases.length !== wanted.length) throw new ApiError('not_found', '知识库不存在');
    const count = bases.reduce((sum, b) => sum + b.chunk_total, 0);
    const tokens = bases.reduce((sum, b) => sum + Number(b.token_total), 0);
    return {
      userId,
      kbIds: bases.map((b) => b.id),
      stats: { count, avgLength: count > 0 ? tokens / count : 0 },
    };
  }

  private async lexical(scope: SearchScope, query: string, depth: number) {
    const terms = queryTerms(query);
    if (scope.stats.count === 0 || terms.length === 0) return { hits: [], max: 1 };
    if (onlyLoneCjk(terms)) {
      const hits = await this.repo.substring(scope, terms, depth);
      return { hits, max: substringMaxScore(terms.length) };
    }
    const plan = planLexical(
      weighTerms(terms, await this.repo.documentFrequencies(scope.kbIds, terms), scope.stats),
    );
    if (!plan) return { hits: [], max: 1 };
    const hits = await rankInTiers(plan, depth, (tier) => this.repo.lexical(scope, plan, tier, depth));
    return { hits, max: plan.maxScore };
  }

  /** undefined when there is no embedding model, or it failed (the search goes on lexically). */
  private async vector(scope: SearchScope, query: string, depth: number): Promise<RankedChunk[] | undefined> {
    try {
      const embedded = await this.embedder.embed([query]);
      const vector = embedded?.vectors[0];
      if (!embedded || !vector) return undefined;
      if (scope.kbIds.length === 0) return [];
      return await this.repo.vector(scope, embedded.model, vector, depth);
    } catch (e) {
      this.log.warn(
        { userId: scope.userId, reason: e instanceof Error ? e.message : String(e) },
        'knowledge search degraded to lexical only: the embedding provider failed',
      );
      return undefined;
    }
  }
}
