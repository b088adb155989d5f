import { randomUUID } from 'node:crypto';
import type { CreateMemoryBody, MemoryItem, MemoryList, MemorySearchResult } from '@cyrene/contracts';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock/clock';
import type { Owner } from '../db/owner';
import type { Database } from '../db/schema';
import { onlyLoneCjk, planLexical, rankInTiers, substringMaxScore, weighTerms } from '../text/bm25';
import { queryTerms, termVector } from '../text/tokens';
import type { MemoryAccountImport } from './account-data';
import { toMemoryItem } from './mapper';
import { MemoryRepository, type ScoredMemory } from './repository';
import type { MemoryStore } from './store';

/**
 * Memories kept in the gateway's database (MEMORY_SERVICE_URL unset), searched with the same
 * lexical matching as knowledge: BM25 over CJK character pairs and lower-cased words.
 */
export class BuiltInMemoryStore implements MemoryStore {
  constructor(
    private readonly repo: MemoryRepository,
    private readonly clock: Clock,
  ) {}

  async search(userId: string, query: string, limit: number): Promise<MemorySearchResult> {
    const { rows, max } = await this.rank(userId, query, limit);
    const memories = rows.map((r) => toMemoryItem(r, Math.min(1, Math.max(0, Number(r.score) / max))));
    return { memories, total: memories.length, query };
  }

  private async rank(
    userId: string,
    query: string,
    limit: number,
  ): Promise<{ rows: ScoredMemory[]; max: number }> {
    const terms = queryTerms(query);
    const stats = await this.repo.stats(userId);
    if (stats.count === 0 || terms.length === 0) return { rows: [], max: 1 };
    if (onlyLoneCjk(terms)) {
      return {
        rows: await this.repo.substring(userId, terms, stats, limit),
        max: substringMaxScore(terms.length),
      };
    }
    const plan = planLexical(weighTerms(terms, await this.repo.documentFrequencies(userId, terms), stats));
    if (!plan) return { rows: [], max: 1 };
    const rows = await rankInTiers(plan, limit, (tier) =>
      this.repo.lexical(userId, plan, tier, stats, limit),
    );
    return { rows, max: plan.maxScore };
  }

  async list(userId: string): Promise<MemoryList> {
    const rows = await this.repo.list(userId);
    return { memories: rows.map((r) => toMemoryItem(r)), total: rows.length };
  }

  async create(userId: string, body: CreateMemoryBody): Promise<MemoryItem> {
    const vector = termVector(body.content);
    const row = await this.repo.insert({
      id: randomUUID(),
      user_id: userId,
      content: body.content,
      category: body.category,
      priority: body.priority,
      terms: vector.terms,
      term_freqs: vector.freqs,
      token_count: vector.length,
      created_at: this.clock.now(),
    });
    return toMemoryItem(row);
  }

  remove(id: string, owner: Owner): Promise<boolean> {
    return this.repo.remove(owner, id);
  }

  async importFor(
    userId: string,
    data: MemoryAccountImport,
    tx: Transaction<Database>,
  ): Promise<{ takenId?: string }> {
    const rows = data.memories.map((m) => {
      const vector = termVector(m.content);
      return {
        ...m,
        user_id: userId,
        terms: vector.terms,
        term_freqs: vector.freqs,
        token_count: vector.length,
      };
    });
    return new MemoryRepository(tx).importRows(rows);
  }
}
