import { describe, expect, it } from 'vitest';
import { chunkText, DEFAULT_CHUNK_OPTIONS, type TextChunk } from './chunker';

const contents = (chunks: TextChunk[]) => chunks.map((c) => c.content);

/** Every chunk is the text between its offsets, and chunks follow one another. */
function expectWellFormed(text: string, chunks: TextChunk[], maxChars: number) {
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(chunk.content).toBe(text.slice(chunk.start, chunk.end));
    expect(chunk.content.length).toBeLessThanOrEqual(maxChars);
    if (i > 0) {
      const previous = chunks[i - 1] as TextChunk;
      expect(chunk.start).toBeGreaterThan(previous.start);
      expect(chunk.end).toBeGreaterThan(previous.end);
    }
  });
}

describe('chunkText', () => {
  it('keeps a short text whole', () => {
    expect(chunkText('  Just one line.  ')).toEqual([
      { index: 0, start: 2, end: 16, content: 'Just one line.' },
    ]);
  });

  it('gives nothing for blank text', () => {
    expect(chunkText(' \n\n \t')).toEqual([]);
  });

  it('ends English chunks at sentence ends, with the last sentence repeated as overlap', () => {
    const text = 'The sky is blue. Grass is green. Snow is white. Coal is black.';
    const chunks = chunkText(text, { maxChars: 35, overlapChars: 16 });
    expect(contents(chunks)).toEqual([
      'The sky is blue. Grass is green.',
      'Grass is green. Snow is white.',
      'Snow is white. Coal is black.',
    ]);
    expectWellFormed(text, chunks, 35);
  });

  it('does not end a sentence at a decimal point', () => {
    const chunks = chunkText('Pi is 3.14 roughly. Next one here.', { maxChars: 25, overlapChars: 0 });
    expect(contents(chunks)).toEqual(['Pi is 3.14 roughly.', 'Next one here.']);
  });

  it('ends Chinese chunks at Chinese punctuation, closing quotes included', () => {
    // Full-width marks spelled out: ！ \uff01, ： \uff1a, ； \uff1b.
    const text = '今天天气很好。我们去公园散步吧\uff01他说\uff1a“好的。”然后出发了\uff1b路上很安静……到了。';
    const chunks = chunkText(text, { maxChars: 16, overlapChars: 0 });
    expect(contents(chunks)).toEqual([
      '今天天气很好。我们去公园散步吧\uff01',
      '他说\uff1a“好的。”然后出发了\uff1b',
      '路上很安静……到了。',
    ]);
    expectWellFormed(text, chunks, 16);
  });

  it('prefers a paragraph break in the second half of a chunk', () => {
    const text = '第一段的第一句。第一段的第二句。\n\n第二段只有一句。第二段第二句。';
    const chunks = chunkText(text, { maxChars: 30, overlapChars: 0 });
    expect(contents(chunks)).toEqual(['第一段的第一句。第一段的第二句。', '第二段只有一句。第二段第二句。']);
  });

  it('carries no overlap into a new paragraph', () => {
    const text = 'Alpha one. Alpha two. Alpha three.\n\nBeta one. Beta two.';
    const chunks = chunkText(text, { maxChars: 36, overlapChars: 20 });
    expect(contents(chunks)).toEqual(['Alpha one. Alpha two. Alpha three.', 'Beta one. Beta two.']);
  });

  it('cuts an over-long sentence at a clause mark, else hard', () => {
    // ， is \uff0c, the full-width comma.
    const clauses = '一二三四五\uff0c六七八九十\uff0c甲乙丙丁戊\uff0c己庚辛壬癸。';
    expect(contents(chunkText(clauses, { maxChars: 12, overlapChars: 0 }))).toEqual([
      '一二三四五\uff0c六七八九十\uff0c',
      '甲乙丙丁戊\uff0c己庚辛壬癸。',
    ]);
    const solid = 'x'.repeat(25);
    expect(contents(chunkText(solid, { maxChars: 10, overlapChars: 0 }))).toEqual([
      'x'.repeat(10),
      'x'.repeat(10),
      'x'.repeat(5),
    ]);
  });

  it('never splits a surrogate pair', () => {
    const text = '𠮷'.repeat(7);
    const chunks = chunkText(text, { maxChars: 5, overlapChars: 0 });
    expect(contents(chunks).join('')).toBe(text);
    for (const c of chunks) expect(c.content.length % 2).toBe(0);
  });

  it('chunks a long mixed document within bounds, covering all of it', () => {
    const paragraph = (i: number) =>
      `Paragraph ${i} talks about topic ${i}. It has a second sentence! 这是第${i}段的中文句子。还有一句?`;
    const text = Array.from({ length: 60 }, (_, i) => paragraph(i)).join('\n\n');
    const chunks = chunkText(text);
    expectWellFormed(text, chunks, DEFAULT_CHUNK_OPTIONS.maxChars);
    expect(chunks.length).toBeGreaterThan(5);
    const covered = new Array<boolean>(text.length).fill(false);
    for (const c of chunks) for (let i = c.start; i < c.end; i++) covered[i] = true;
    covered.forEach((isCovered, i) => {
      if (!isCovered) expect(text[i]).toMatch(/\s/);
    });
  });
});
