import { type Insertable, sql, type Transaction } from 'kysely';
import { ownedBy } from '../db/owner';
import type { Database, KnowledgeChunksTable, KnowledgeDocumentRow } from '../db/schema';

/*
 * The writes behind a document's chunks, always inside the caller's transaction and after
 * lockBase: the chunks themselves, and the knowledge base's BM25 statistics kept in step with
 * them (chunk_total and token_total on its row, a document frequency per term in knowledge_terms).
 */

/** A chunk ready to store: everything but the owner and place, which come from its document. */
export type PreparedChunk = Omit<Insertable<KnowledgeChunksTable>, 'document_id' | 'kb_id' | 'user_id'>;

const ROWS_PER_INSERT = 500;

export const sumTokens = (chunks: PreparedChunk[]) => chunks.reduce((sum, c) => sum + c.token_count, 0);

/** Locks the knowledge base row for the rest of the transaction; false when it is not the user's. */
export async function lockBase(tx: Transaction<Database>, userId: string, kbId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('knowledge_bases')
    .select('id')
    .where('id', '=', kbId)
    .where(ownedBy({ userId }))
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** How many of these chunks hold each term, as two parallel arrays sorted by term. */
function documentFrequencies(chunks: PreparedChunk[]): { terms: string[]; dfs: number[] } {
  const counts = new Map<string, number>();
  for (const chunk of chunks) for (const t of chunk.terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  const terms = [...counts.keys()].sort();
  return { terms, dfs: terms.map((t) => counts.get(t) ?? 0) };
}

export async function addChunks(
  tx: Transaction<Database>,
  doc: KnowledgeDocumentRow,
  chunks: PreparedChunk[],
) {
  for (let i = 0; i < chunks.length; i += ROWS_PER_INSERT) {
    const rows = chunks
      .slice(i, i + ROWS_PER_INSERT)
      .map((c) => ({ ...c, document_id: doc.id, kb_id: doc.kb_id, user_id: doc.user_id }));
    await tx.insertInto('knowledge_chunks').values(rows).execute();
  }
  const { terms, dfs } = documentFrequencies(chunks);
  if (terms.length > 0) {
    await sql`
      insert into knowledge_terms (kb_id, term, df)
      select ${doc.kb_id}, t.term, t.df from unnest(${terms}::text[], ${dfs}::int[]) as t(term, df)
      on conflict (kb_id, term) do update set df = knowledge_terms.df + excluded.df
    `.execute(tx);
  }
  await tx
    .updateTable('knowledge_bases')
    .set((eb) => ({
      chunk_total: eb('chunk_total', '+', chunks.length),
      token_total: eb('token_total', '+', sumTokens(chunks)),
    }))
    .where('id', '=', doc.kb_id)
    .execute();
}

export async function removeChunks(tx: Transaction<Database>, doc: KnowledgeDocumentRow) {
  const { rows } = await sql<{ term: string; n: number }>`
    select u.term, count(*)::int as n
    from knowledge_chunks c cross join unnest(c.terms) as u(term)
    where c.document_id = ${doc.id}
    group by u.term
  `.execute(tx);
  const terms = rows.map((r) => r.term);
  const counts = rows.map((r) => r.n);
  if (terms.length > 0) {
    await sql`
      delete from knowledge_terms k using unnest(${terms}::text[], ${counts}::int[]) as d(term, n)
      where k.kb_id = ${doc.kb_id} and k.term = d.term and k.df <= d.n
    `.execute(tx);
    await sql`
      update knowledge_terms k set df = k.df - d.n
      from unnest(${terms}::text[], ${counts}::int[]) as d(term, n)
      where k.kb_id = ${doc.kb_id} and k.term = d.term
    `.execute(tx);
  }
  await tx.deleteFrom('knowledge_chunks').where('document_id', '=', doc.id).execute();
  await tx
    .updateTable('knowledge_bases')
    .set((eb) => ({
      chunk_total: eb('chunk_total', '-', doc.chunk_count),
      token_total: eb('token_total', '-', doc.token_count),
    }))
    .where('id', '=', doc.kb_id)
    .execute();
}
