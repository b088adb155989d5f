import { type Insertable, type Kysely, sql } from 'kysely';
import { type Owner, ownedBy } from '../db/owner';
import type { Database, MemoriesTable, MemoryRow } from '../db/schema';
import {
  bm25ScoreSql,
  CANDIDATE_BUDGET,
  type Candidates,
  type CorpusStats,
  candidateSql,
  type LexicalPlan,
  substringScoreSql,
} from '../text/bm25';

export type ScoredMemory = MemoryRow & { score: number };

/** The built-in memory store's SQL; every query is scoped by the memory's owner. */
export class MemoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<MemoriesTable>): Promise<MemoryRow> {
    return this.db.insertInto('memories').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Inserts archived memories as they were; stops at an id already in use and returns it. */
  async importRows(rows: Insertable<MemoriesTable>[]): Promise<{ takenId?: string }> {
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const inserted = await this.db
        .insertInto('memories')
        .values(batch)
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      if (inserted.length < batch.length) {
        const stored = new Set(inserted.map((r) => r.id));
        return { takenId: batch.find((r) => !stored.has(r.id))?.id };
      }
    }
    return {};
  }

  list(userId: string): Promise<MemoryRow[]> {
    return this.db
      .selectFrom('memories')
      .selectAll()
      .where(ownedBy({ userId }))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** Deletes a memory of the owner; false when the owner has no such memory. */
  async remove(owner: Owner, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('memories')
      .where('id', '=', id)
      .where(ownedBy(owner))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async stats(userId: string): Promise<CorpusStats> {
    const row = await this.db
      .selectFrom('memories')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.avg<number>('token_count').as('avg')])
      .where(ownedBy({ userId }))
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), avgLength: Number(row.avg ?? 0) };
  }

  /** Exact document frequencies: a user's memories are few, so they are simply counted. */
  async documentFrequencies(userId: string, terms: string[]): Promise<Map<string, number>> {
    const { rows } = await sql<{ term: string; df: number }>`
      select q.term, (select count(*) from memories m where m.user_id = ${userId} and m.terms @> array[q.term])::int as df
      from unnest(${terms}::text[]) as q(term)
    `.execute(this.db);
    return new Map(rows.map((r) => [r.term, Number(r.df)]));
  }

  async lexical(
    userId: string,
    plan: LexicalPlan,
    candidates: Candidates,
    stats: CorpusStats,
    limit: number,
  ) {
    const { rows } = await sql<ScoredMemory>`
      select m.*, ${bm25ScoreSql('m', plan, stats)} as score
      from (
        select * from memories as r where r.user_id = ${userId} and ${candidateSql('r', candidates)}
        limit ${CANDIDATE_BUDGET}
      ) as m
      order by score desc, m.created_at desc, m.id
      limit ${limit}
    `.execute(this.db);
    return rows;
  }

  /** Memories holding any of these lone CJK characters (which the pair index cannot find). */
  async substring(userId: string, chars: string[], stats: CorpusStats, limit: number) {
    const { rows } = await sql<ScoredMemory>`
      select m.*, ${substringScoreSql('m', chars, stats)} as score
      from (
        select * from memories where user_id = ${userId}
          and exists (select 1 from unnest(${chars}::text[]) as ch(s) where strpos(content, ch.s) > 0)
        limit ${CANDIDATE_BUDGET}
      ) as m
      order by score desc, m.created_at desc, m.id
      limit ${limit}
    `.execute(this.db);
    return rows;
  }
}
