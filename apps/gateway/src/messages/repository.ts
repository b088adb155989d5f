import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema';
import { keywordBigrams, likeContains } from './grams';

export interface SearchHit {
  id: number;
  session_id: string;
  session_title: string;
  role: 'user' | 'assistant' | 'system' | 'action';
  content: string;
  created_at: Date;
}

/** Message search (§4), always within one user's messages. */
export class MessagesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Messages of `userId` containing `keyword` (case-insensitive), newest first, and how many in all.
   * The bigram GIN index narrows the candidates; ILIKE confirms each one.
   */
  async search(
    userId: string,
    keyword: string,
    limit: number,
    offset: number,
  ): Promise<{ total: number; hits: SearchHit[] }> {
    const grams = keywordBigrams(keyword);
    const pattern = likeContains(keyword);
    const matches = (): Expression<SqlBool> =>
      sql<SqlBool>`m.user_id = ${userId}
        and ${grams.length > 0 ? sql`m.bigrams @> ${grams}::text[]` : sql`true`}
        and m.content ilike ${pattern} escape '\\'`;
    const counted = await this.db
      .selectFrom('messages as m')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where(matches())
      .executeTakeFirstOrThrow();
    const total = Number(counted.total);
    if (total === 0 || offset >= total) return { total, hits: [] };
    const hits = await this.db
      .selectFrom('messages as m')
      .innerJoin('sessions as s', 's.id', 'm.session_id')
      .select(['m.id', 'm.session_id', 's.title as session_title', 'm.role', 'm.content', 'm.created_at'])
      .where(matches())
      .orderBy('m.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return { total, hits };
  }
}
