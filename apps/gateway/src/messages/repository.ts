import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema';
import { isOneBigram, keywordBigrams, likeContains } from '../text/grams';

export interface SearchHit {
  id: number;
  session_id: string;
  session_title: string;
  role: 'user' | 'assistant' | 'system' | 'action';
  content: string;
  created_at: Date;
}

/**
 * Whether to collect the page from all matches (through the gram index) rather than walk back
 * from the newest message until enough match. Walking visits about (offset+limit) × messages ÷
 * total rows, collecting visits `total`; the planner cannot tell which is less, as it does not
 * know how rare a keyword is, but the count just told us.
 */
export function pageThroughMatches(total: number, offset: number, limit: number, messages: number): boolean {
  return total * total <= (offset + limit) * messages;
}

/** Message search (§4), always within one user's messages. */
export class MessagesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Messages of `userId` containing `keyword` (case-insensitive), newest first, and how many in all.
   * The bigram GIN index narrows the candidates; ILIKE confirms each one, except for a
   * two-character keyword, whose one bigram is the whole question (this halves the cost of
   * counting many matches: each ILIKE lowercases a whole message).
   */
  async search(
    userId: string,
    keyword: string,
    limit: number,
    offset: number,
  ): Promise<{ total: number; hits: SearchHit[] }> {
    const grams = keywordBigrams(keyword);
    const recheck = isOneBigram(keyword)
      ? sql`true`
      : sql`m.content ilike ${likeContains(keyword)} escape '\\'`;
    const matches = sql<SqlBool>`m.user_id = ${userId}
      and ${grams.length > 0 ? sql`m.bigrams @> ${grams}::text[]` : sql`true`}
      and ${recheck}`;
    const counted = await this.db
      .selectFrom('messages as m')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where(matches)
      .executeTakeFirstOrThrow();
    const total = Number(counted.total);
    if (total === 0 || offset >= total) return { total, hits: [] };

    if (grams.length > 0 && pageThroughMatches(total, offset, limit, await this.estimatedMessages())) {
      // MATERIALIZED keeps the planner from turning this back into the walk.
      const page = await sql<SearchHit>`
        with hit as materialized (select m.id from messages m where ${matches}),
        page as (select id from hit order by id desc limit ${limit} offset ${offset})
        select m.id, m.session_id, s.title as session_title, m.role, m.content, m.created_at
        from page
        join messages m on m.id = page.id
        join sessions s on s.id = m.session_id
        order by m.id desc`.execute(this.db);
      return { total, hits: page.rows };
    }
    const hits = await this.db
      .selectFrom('messages as m')
      .innerJoin('sessions as s', 's.id', 'm.session_id')
      .select(['m.id', 'm.session_id', 's.title as session_title', 'm.role', 'm.content', 'm.created_at'])
      .where(matches)
      .orderBy('m.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return { total, hits };
  }

  /** The planner's row estimate for messages (0 before the table was first analysed). */
  private async estimatedMessages(): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      select greatest(reltuples, 0)::float8 as n from pg_class where oid = 'messages'::regclass`.execute(
      this.db,
    );
    return rows[0]?.n ?? 0;
  }
}
