import { describe, expect, it } from 'vitest';
import { idf, MAX_SCORING_TERMS, onlyLoneCjk, planLexical, rankInTiers, weighTerms } from './bm25';

describe('bm25 helpers', () => {
  it('weighs rare terms above common ones, rarest first, and drops terms found nowhere', () => {
    const weighted = weighTerms(
      ['common', 'rare', 'absent'],
      new Map([
        ['rare', 2],
        ['common', 900],
      ]),
      {
        count: 1000,
        avgLength: 50,
      },
    );
    expect(weighted.map((t) => t.term)).toEqual(['rare', 'common']);
    expect(weighted[0]?.idf).toBeCloseTo(idf(1000, 2));
    expect(idf(1000, 2)).toBeGreaterThan(idf(1000, 900));
    expect(idf(1000, 1000)).toBeGreaterThan(0);
  });

  const w = (term: string, df: number) => ({ term, df, idf: 1 });

  it('takes the rarest terms as candidates within the budget, always at least one', () => {
    expect(planLexical([w('b', 10), w('c', 500), w('a', 3000)], 1000)?.tiers).toEqual([{ any: ['b', 'c'] }]);
    expect(planLexical([w('a', 3000)], 1000)?.tiers).toEqual([{ any: ['a'] }]);
    expect(planLexical([])).toBeUndefined();
  });

  it('looks first for two of the rarest three when even the rarest term is common', () => {
    expect(planLexical([w('a', 3000), w('b', 5000), w('c', 9000)], 1000)?.tiers).toEqual([
      { all: ['a', 'b'] },
      { all: ['a', 'c'] },
      { all: ['b', 'c'] },
      { any: ['a'] },
    ]);
    expect(planLexical([w('a', 3000), w('b', 5000)], 1000)?.tiers).toEqual([
      { all: ['a', 'b'] },
      { any: ['a'] },
    ]);
  });

  it('ranks tier by tier until deep enough, each row once, best first', async () => {
    const plan = planLexical([w('a', 3000), w('b', 5000)], 1000);
    if (!plan) throw new Error('no plan');
    const seen: unknown[] = [];
    const rows = await rankInTiers(plan, 3, async (tier) => {
      seen.push(tier);
      return 'all' in tier
        ? [{ id: 'x', score: 5 }]
        : [
            { id: 'y', score: 7 },
            { id: 'x', score: 5 },
            { id: 'z', score: 1 },
          ];
    });
    expect(rows).toEqual([
      { id: 'y', score: 7 },
      { id: 'x', score: 5 },
      { id: 'z', score: 1 },
    ]);
    expect(seen).toHaveLength(2);
    await rankInTiers(plan, 1, async (tier) => {
      seen.push(tier);
      return [{ id: 'x', score: 5 }];
    });
    expect(seen).toHaveLength(3);
  });

  it('scores with the most informative terms only, and knows its best score', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ term: `t${i}`, df: i + 1, idf: 10 - i }));
    const plan = planLexical(many);
    expect(plan?.scoring.map((t) => t.term)).toEqual(many.slice(0, MAX_SCORING_TERMS).map((t) => t.term));
    expect(plan?.maxScore).toBeCloseTo((10 + 9 + 8 + 7 + 6 + 5) * 2.2);
  });

  it('knows a query of lone CJK characters', () => {
    expect(onlyLoneCjk(['猫'])).toBe(true);
    expect(onlyLoneCjk(['猫', '狗'])).toBe(true);
    expect(onlyLoneCjk(['猫', 'cat'])).toBe(false);
    expect(onlyLoneCjk(['猫咪'])).toBe(false);
    expect(onlyLoneCjk([])).toBe(false);
  });
});
