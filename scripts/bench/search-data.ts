/*
 * Synthetic chat history for the search benchmark: Chinese-like text with a natural (Zipf)
 * spread of word frequencies, deterministic for a given seed, fast to generate.
 */

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks index i of `n` with probability ∝ 1/(i+1)^s (inverse CDF over a precomputed table). */
export function zipf(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1) ** s;
    cdf[i] = total;
  }
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** 3,000 CJK characters standing in for the common ones (frequency by rank). */
const CHARS = Array.from({ length: 3000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000)));
const PUNCTUATION = [',', '。', '?', '!', '、', ' '];

export interface Corpus {
  /** Words by frequency rank (index 0 is the most common). */
  words: string[];
  /** A new message text. */
  message(): string;
}

/** A vocabulary of `vocabulary` words of 1–4 characters, and messages drawn from it. */
export function corpus(seed: number, vocabulary = 8000): Corpus {
  const random = prng(seed);
  const pickChar = zipf(CHARS.length, 1.0, random);
  const words: string[] = [];
  const seen = new Set<string>();
  while (words.length < vocabulary) {
    const r = random();
    const len = r < 0.15 ? 1 : r < 0.8 ? 2 : r < 0.95 ? 3 : 4;
    let w = '';
    for (let i = 0; i < len; i++) w += CHARS[pickChar()];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  const pickWord = zipf(words.length, 1.05, random);
  return {
    words,
    message() {
      // Lengths like chat: mostly short questions, some long answers (about 40 characters on average).
      const target = 6 + Math.floor(random() ** 2 * 110);
      let text = '';
      while (text.length < target) {
        text += words[pickWord()];
        if (random() < 0.12) text += PUNCTUATION[Math.floor(random() * PUNCTUATION.length)];
      }
      return text;
    },
  };
}
