/*
 * The search tokenizer shared by knowledge, memory (and message search): no model, no
 * dictionary, the same answer on every database engine because it runs here, in JS.
 *
 * - Text is NFKC-normalised (full-width ＡＢＣ１２３ → ABC123) and lower-cased.
 * - Runs of letters and digits of space-separated scripts (Latin, Cyrillic, Greek, …) are words.
 * - Runs of Chinese, Japanese kana and Korean characters, written without spaces, become
 *   overlapping character pairs ("今天天气" → 今天 天天 天气); a run of one character is kept
 *   as itself. Pairs find any word of two or more characters without knowing where words end.
 */

/** Longest word kept, in UTF-16 units; longer runs (hashes, base64) are cut to this. */
export const MAX_WORD_LENGTH = 64;

/** Han (with extensions and compatibility forms), kana, Hangul, and the CJK iteration marks. */
export function isCjk(codePoint: number): boolean {
  return (
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x20000 && codePoint <= 0x323af) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0x3040 && codePoint <= 0x30ff) ||
    (codePoint >= 0x31f0 && codePoint <= 0x31ff) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7af) ||
    (codePoint >= 0x1100 && codePoint <= 0x11ff) ||
    (codePoint >= 0x3130 && codePoint <= 0x318f) ||
    codePoint === 0x3005 ||
    codePoint === 0x3006
  );
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(ch: string, codePoint: number): boolean {
  if (codePoint < 0x80) {
    return (
      (codePoint >= 0x61 && codePoint <= 0x7a) ||
      (codePoint >= 0x30 && codePoint <= 0x39) ||
      (codePoint >= 0x41 && codePoint <= 0x5a)
    );
  }
  return WORD_CHAR.test(ch);
}

function pushCjkRun(run: string[], out: string[]): void {
  if (run.length === 1) out.push(run[0] as string);
  for (let i = 0; i + 1 < run.length; i++) out.push(`${run[i]}${run[i + 1]}`);
}

/** The search tokens of a text, in order, repeats kept (their count is the term frequency). */
export function tokenize(text: string): string[] {
  const normalized = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  let word = '';
  let cjk: string[] = [];
  const endWord = () => {
    if (word) out.push(word.length > MAX_WORD_LENGTH ? word.slice(0, MAX_WORD_LENGTH) : word);
    word = '';
  };
  const endCjk = () => {
    if (cjk.length) pushCjkRun(cjk, out);
    cjk = [];
  };
  for (const ch of normalized) {
    const codePoint = ch.codePointAt(0) ?? 0;
    if (isCjk(codePoint)) {
      endWord();
      cjk.push(ch);
    } else if (isWordChar(ch, codePoint)) {
      endCjk();
      word += ch;
    } else {
      endWord();
      endCjk();
    }
  }
  endWord();
  endCjk();
  return out;
}

/** What is stored beside a text for search: its distinct terms, how often each occurs, and its length. */
export interface TermVector {
  /** Distinct tokens (the GIN-indexed array). */
  terms: string[];
  /** `freqs[i]` is how many times `terms[i]` occurs. */
  freqs: number[];
  /** Total tokens, repeats included (the document length of BM25). */
  length: number;
}

/** Largest value a stored frequency takes (a smallint column). */
const MAX_FREQ = 32_767;

export function termVector(text: string): TermVector {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  const terms = [...counts.keys()];
  return {
    terms,
    freqs: terms.map((t) => Math.min(counts.get(t) ?? 0, MAX_FREQ)),
    length: tokens.length,
  };
}

/** The distinct tokens of a search query, in first-seen order, at most `max` of them. */
export function queryTerms(query: string, max = 32): string[] {
  return [...new Set(tokenize(query))].slice(0, max);
}
