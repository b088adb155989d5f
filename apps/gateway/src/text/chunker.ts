/*
 * Splits a document into chunks for search. A chunk is a span of the text itself
 * (`text.slice(start, end)`), so a hit can always be shown in place. Chunks end where a
 * paragraph or sentence ends (。！？；… as well as . ! ? ;), fall back to a clause or a space
 * only for a sentence longer than a chunk, and cut hard only where there is neither.
 * Consecutive chunks within a paragraph share a small overlap: the last sentences of one open
 * the next.
 */

export interface ChunkOptions {
  /** Longest chunk, in UTF-16 units. */
  maxChars: number;
  /** Longest overlap with the previous chunk; 0 for none. */
  overlapChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxChars: 500, overlapChars: 80 };

export interface TextChunk {
  index: number;
  start: number;
  end: number;
  content: string;
}

/** A sentence (or a piece of an over-long one): [start, end) with no surrounding whitespace. */
interface Span {
  start: number;
  end: number;
  /** A blank line (or the start of the text) comes before it. */
  opensParagraph: boolean;
}

/** Where a sentence may end: after these, plus any closing quotes or brackets that follow. */
const SENTENCE_END = /[。！？；…!?;]+[”’"'」』)）】》]*|\.+[”’"')）]*(?=\s|$)|\n/gu;
/** Where an over-long sentence may be cut: after a clause mark, or at a space. */
const SOFT_BREAK = /[，、,：:）)]|\s/gu;

function trimmedSpan(text: string, start: number, end: number, opensParagraph: boolean): Span | undefined {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] as string)) s++;
  while (e > s && /\s/.test(text[e - 1] as string)) e--;
  return s < e ? { start: s, end: e, opensParagraph } : undefined;
}

/** Never cut between the two halves of a surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** Cuts a span longer than `max` at soft breaks (or hard, where there is none). */
function splitLong(text: string, span: Span, max: number): Span[] {
  const out: Span[] = [];
  let start = span.start;
  let opens = span.opensParagraph;
  while (span.end - start > max) {
    const limit = start + max;
    let cut = 0;
    SOFT_BREAK.lastIndex = start + Math.floor(max / 2);
    for (let m = SOFT_BREAK.exec(text); m && m.index < limit; m = SOFT_BREAK.exec(text)) {
      cut = m.index + m[0].length;
    }
    if (cut <= start || cut > limit) cut = safeCut(text, limit);
    const piece = trimmedSpan(text, start, cut, opens);
    if (piece) out.push(piece);
    start = cut;
    opens = false;
  }
  const rest = trimmedSpan(text, start, span.end, opens);
  if (rest) out.push(rest);
  return out;
}

/** The sentences of a text, each no longer than `max`. */
function sentences(text: string, max: number): Span[] {
  const out: Span[] = [];
  const paragraphs = /\n[ \t\r\f\v]*\n\s*/g;
  let paraStart = 0;
  const addParagraph = (from: number, to: number) => {
    let start = from;
    let first = true;
    SENTENCE_END.lastIndex = from;
    for (let m = SENTENCE_END.exec(text); m && m.index < to; m = SENTENCE_END.exec(text)) {
      const end = Math.min(m.index + m[0].length, to);
      const span = trimmedSpan(text, start, end, first);
      if (span) {
        out.push(...splitLong(text, span, max));
        first = false;
      }
      start = end;
    }
    const tail = trimmedSpan(text, start, to, first);
    if (tail) out.push(...splitLong(text, tail, max));
  };
  for (let m = paragraphs.exec(text); m; m = paragraphs.exec(text)) {
    addParagraph(paraStart, m.index);
    paraStart = m.index + m[0].length;
  }
  addParagraph(paraStart, text.length);
  return out;
}

/**
 * Packs sentences into chunks of at most `maxChars`. A chunk that would overflow ends at the
 * last paragraph break inside it when that break lies in its second half, so paragraphs stay whole
 * where they can. The next chunk starts with the previous one's last sentences that fit in
 * `overlapChars`.
 */
export function chunkText(text: string, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): TextChunk[] {
  const { maxChars, overlapChars } = options;
  const spans = sentences(text, maxChars);
  const chunks: TextChunk[] = [];
  let first = 0;
  while (first < spans.length) {
    const startSpan = spans[first] as Span;
    let last = first;
    while (last + 1 < spans.length && (spans[last + 1] as Span).end - startSpan.start <= maxChars) last++;
    if (last + 1 < spans.length) {
      for (let p = last; p > first; p--) {
        if (!(spans[p] as Span).opensParagraph) continue;
        if ((spans[p - 1] as Span).end - startSpan.start >= maxChars / 2) last = p - 1;
        break;
      }
    }
    const end = (spans[last] as Span).end;
    chunks.push({
      index: chunks.length,
      start: startSpan.start,
      end,
      content: text.slice(startSpan.start, end),
    });
    if (last + 1 >= spans.length) break;
    // The overlap: trailing sentences of this chunk, never the whole chunk, and never so much
    // that the next sentence no longer fits beside it: each chunk moves on. A chunk that opens
    // a paragraph carries nothing of the one before.
    const following = spans[last + 1] as Span;
    let next = last + 1;
    while (
      !following.opensParagraph &&
      next - 1 > first &&
      end - (spans[next - 1] as Span).start <= overlapChars &&
      following.end - (spans[next - 1] as Span).start <= maxChars
    ) {
      next--;
    }
    first = next;
  }
  return chunks;
}
