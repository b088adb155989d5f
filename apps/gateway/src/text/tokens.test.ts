import { describe, expect, it } from 'vitest';
import { MAX_WORD_LENGTH, queryTerms, termVector, tokenize } from './tokens';

describe('tokenize', () => {
  it('lower-cases Latin words and drops punctuation', () => {
    expect(tokenize("Hello, World! It's 2026.")).toEqual(['hello', 'world', 'it', 's', '2026']);
  });

  it('turns Chinese runs into overlapping character pairs', () => {
    expect(tokenize('今天天气很好')).toEqual(['今天', '天天', '天气', '气很', '很好']);
  });

  it('keeps a lone CJK character as itself', () => {
    expect(tokenize('猫,狗')).toEqual(['猫', '狗']);
  });

  it('splits mixed text where the script changes', () => {
    expect(tokenize('使用PostgreSQL数据库')).toEqual(['使用', 'postgresql', '数据', '据库']);
  });

  it('normalises full-width forms (NFKC) before anything else', () => {
    expect(tokenize('ＧＰＴ４　模型')).toEqual(['gpt4', '模型']);
  });

  it('handles kana, Hangul, accents and characters beyond the BMP', () => {
    expect(tokenize('東京タワー')).toEqual(['東京', '京タ', 'タワ', 'ワー']);
    expect(tokenize('한국어')).toEqual(['한국', '국어']);
    expect(tokenize('Café Ñandú')).toEqual(['café', 'ñandú']);
    expect(tokenize('𠮷野家')).toEqual(['𠮷野', '野家']);
  });

  it('cuts very long words', () => {
    expect(tokenize('a'.repeat(200))).toEqual(['a'.repeat(MAX_WORD_LENGTH)]);
  });
});

describe('termVector', () => {
  it('counts each distinct term and the total length', () => {
    expect(termVector('the cat and the hat')).toEqual({
      terms: ['the', 'cat', 'and', 'hat'],
      freqs: [2, 1, 1, 1],
      length: 5,
    });
  });
});

describe('queryTerms', () => {
  it('keeps distinct terms in order, up to a maximum', () => {
    expect(queryTerms('天气 天气 weather')).toEqual(['天气', 'weather']);
    expect(queryTerms('a b c d', 2)).toEqual(['a', 'b']);
  });
});
