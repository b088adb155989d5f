import { type RawBuilder, sql } from 'kysely';
import { isCjk } from './tokens';

/*
 * Okapi BM25 over the stored term vectors (text/tokens.ts), shared by every lexical search.
 * The score of a text for a query is Σ idf(t) · tf(t)·(k1+1) / (tf(t) + k1·(1 − b + b·len/avgLen))
 * over the query's distinct terms it contains. It is computed in SQL on a bounded set of
 * candidate rows found through the GIN index, so no row leaves the database unless it ranks.
 *
 * What bounds the cost: looking a term up in a row's arrays is a linear scan of its terms
 * (array_position), a few microseconds for a chunk of a few hundred terms. So at most
 * MAX_SCORING_TERMS terms are looked up (the most informative ones), in at most
 * CANDIDATE_BUDGET rows (those holding the rarest terms, which carry most of any score).
 */

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** Rows scored per query, at most. */
export const CANDIDATE_BUDGET = 500;
/** Query terms scored, at most: the rarest ones. */
export const MAX_SCORING_TERMS = 6;

/** A constant as a double literal (a bare 0.75 would be numeric, and slow, in SQL arithmetic). */
const float = (x: number) => sql`${sql.lit(x)}::float8`;

/** Collection statistics of the rows a search covers. */
export interface CorpusStats {
  /** Number of rows (chunks, memories). */
  count: number;
  /** Average tokens per row. */
  avgLength: number;
}

/** Inverse document frequency, BM25's variant (never negative). */
export function idf(count: number, df: number): number {
  return Math.log(1 + (count - df + 0.5) / (df + 0.5));
}

export interface WeightedTerm {
  term: string;
  df: number;
  idf: number;
}

/** The query's terms found in the collection, rarest (most informative) first. */
export function weighTerms(terms: string[], dfs: Map<string, number>, stats: CorpusStats): WeightedTerm[] {
  return terms
    .map((term) => ({ term, df: dfs.get(term) ?? 0 }))
    .filter((t) => t.df > 0)
    .map((t) => ({ ...t, idf: idf(stats.count, t.df) }))
    .sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1));
}

/** Rows holding any of `any`, or all of `all`. */
export type Candidates = { any: string[] } | { all: string[] };

/** How one lexical search runs: which rows are candidates, and which terms score them. */
export interface LexicalPlan {
  scoring: WeightedTerm[];
  /**
   * Where candidates are looked for, in order, until enough rows ranked: normally the rows
   * holding any of the rarest terms. When even the rarest term is in more rows than the budget,
   * first the rows holding two of the rarest three, pair by pair (that is where the best rows
   * are), then rows holding the rarest term.
   */
  tiers: Candidates[];
  /** The best score possible (every scoring term, unbounded frequency): divides scores into 0–1. */
  maxScore: number;
}

export function planLexical(weighted: WeightedTerm[], budget = CANDIDATE_BUDGET): LexicalPlan | undefined {
  const scoring = weighted.slice(0, MAX_SCORING_TERMS);
  const [rarest, second, third] = scoring;
  if (!rarest) return undefined;
  const maxScore = scoring.reduce((sum, t) => sum + t.idf * (BM25_K1 + 1), 0);
  if (rarest.df > budget && second) {
    // Each pair on its own: the first (the two rarest terms) usually finds enough rows, and
    // intersecting the posting lists of the more common terms is then never paid for.
    const pairs = [[rarest.term, second.term]];
    if (third) pairs.push([rarest.term, third.term], [second.term, third.term]);
    return { scoring, tiers: [...pairs.map((all) => ({ all })), { any: [rarest.term] }], maxScore };
  }
  const any: string[] = [];
  let rows = 0;
  for (const t of scoring) {
    if (any.length > 0 && rows + t.df > budget) break;
    any.push(t.term);
    rows += t.df;
  }
  return { scoring, tiers: [{ any }], maxScore };
}

/** The GIN-indexable condition selecting candidates, on the `terms` column of `alias`. */
export function candidateSql(alias: string, candidates: Candidates): RawBuilder<boolean> {
  const terms = sql.ref(`${alias}.terms`);
  return 'any' in candidates
    ? sql<boolean>`${terms} && ${candidates.any}::text[]`
    : sql<boolean>`${terms} @> ${candidates.all}::text[]`;
}

/**
 * Runs a plan's tiers in order until `depth` rows ranked; rows found again by a later tier are
 * counted once. Scores of every tier are the same BM25, so the lists merge by score.
 */
export async function rankInTiers<R extends { id: string; score: number }>(
  plan: LexicalPlan,
  depth: number,
  rank: (candidates: Candidates) => Promise<R[]>,
): Promise<R[]> {
  const found = new Map<string, R>();
  for (const tier of plan.tiers) {
    for (const row of await rank(tier)) if (!found.has(row.id)) found.set(row.id, row);
    if (found.size >= depth) break;
  }
  return [...found.values()]
    .sort((a, b) => Number(b.score) - Number(a.score) || (a.id < b.id ? -1 : 1))
    .slice(0, depth);
}

/**
 * The BM25 score of row `alias` (columns terms, term_freqs, token_count) as one SQL expression:
 * per term, idf·(k1+1)·(1 − K/(tf+K)) (the same as idf·tf·(k1+1)/(tf+K), with tf read once),
 * where K = k1·(1 − b + b·len/avgLen) and tf is null when the row lacks the term.
 */
export function bm25ScoreSql(alias: string, plan: LexicalPlan, stats: CorpusStats): RawBuilder<number> {
  const row = sql.ref(alias);
  const avgLength = Math.max(stats.avgLength, 1);
  const k = sql`(${float(BM25_K1)} * (${float(1 - BM25_B)} + ${float(BM25_B)} * ${row}.token_count / ${avgLength}::float8))`;
  const parts = plan.scoring.map(
    (t) =>
      sql`coalesce(${t.idf * (BM25_K1 + 1)}::float8 * (1 - ${k} / (${row}.term_freqs[array_position(${row}.terms, ${t.term}::text)] + ${k})), 0)`,
  );
  return sql<number>`(${sql.join(parts, sql` + `)})`;
}

/**
 * A query of lone CJK characters ("猫") matches no stored pair, so such rows are found by
 * substring and scored the BM25 way with the occurrences in their text as frequency (each
 * character weighted 1). Its best possible score is `substringMaxScore(chars.length)`.
 */
export function substringScoreSql(alias: string, chars: string[], stats: CorpusStats): RawBuilder<number> {
  const row = sql.ref(alias);
  const avgLength = Math.max(stats.avgLength, 1);
  return sql<number>`(
    select coalesce(sum(f.tf * ${float(BM25_K1 + 1)}
      / (f.tf + ${float(BM25_K1)} * (${float(1 - BM25_B)} + ${float(BM25_B)} * ${row}.token_count / ${avgLength}::float8))), 0)
    from unnest(${chars}::text[]) as q(ch)
    cross join lateral (
      select ((length(${row}.content) - length(replace(${row}.content, q.ch, ''))) / length(q.ch))::float8 as tf
    ) as f
    where f.tf > 0
  )`;
}

export const substringMaxScore = (chars: number) => chars * (BM25_K1 + 1);

/** True when every query term is a lone CJK character (the substring path). */
export function onlyLoneCjk(terms: string[]): boolean {
  return terms.length > 0 && terms.every((t) => [...t].length === 1 && isCjk(t.codePointAt(0) ?? 0));
}
