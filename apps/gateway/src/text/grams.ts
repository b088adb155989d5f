/*
 * Character grams for substring search (docs/architecture.md, "The database engines"). A message stores the distinct
 * 2-character substrings of its lowercased content; a keyword of two or more characters can
 * only occur in a message holding every one of the keyword's own bigrams, which a GIN index on
 * the array finds (`bigrams @> $grams`); `content ILIKE` then checks the real substring.
 * Characters are code points, so an emoji or a CJK extension character counts as one.
 * A one-character keyword has no bigram: it is answered by the ILIKE scan alone (storing
 * single characters too would add ~80% to every row and to the index; docs/sessions-search-engine.md).
 */

/** What content and keywords are compared in: ILIKE is case-insensitive too. */
const fold = (text: string) => text.toLowerCase();

/** The distinct bigrams of a text (lowercased), in first-seen order. */
export function bigramsOf(text: string): string[] {
  const chars = Array.from(fold(text));
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i]}${chars[i + 1]}`);
  return [...grams];
}

/** The bigrams a message must hold to possibly contain `keyword`; empty for a single character. */
export function keywordBigrams(keyword: string): string[] {
  return bigramsOf(keyword);
}

/**
 * Whether holding the keyword's bigram already is the match: a keyword of exactly two
 * characters is its own (single) bigram, so no substring recheck is needed.
 */
export function isOneBigram(keyword: string): boolean {
  return Array.from(fold(keyword)).length === 2;
}

/** `keyword` as a literal ILIKE pattern: `%`, `_` and the escape character match themselves. */
export function likeContains(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
