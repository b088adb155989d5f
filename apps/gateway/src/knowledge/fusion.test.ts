import { describe, expect, it } from 'vitest';
import { fuseByRank, RRF_K } from './search';

const ranked = (...ids: string[]) => ids.map((id, i) => ({ id, score: 10 - i }));

describe('fuseByRank', () => {
  it('puts what both rankings found first, marks where each came from, and scores 0–1', () => {
    const fused = fuseByRank(ranked('a', 'b', 'c'), ranked('b', 'd'));
    expect(fused.map((f) => [f.id, f.match])).toEqual([
      ['b', 'hybrid'],
      ['a', 'lexical'],
      ['d', 'vector'],
      ['c', 'lexical'],
    ]);
    const best = 2 / (RRF_K + 1);
    expect(fused[0]?.score).toBeCloseTo((1 / (RRF_K + 2) + 1 / (RRF_K + 1)) / best);
    for (const f of fused) expect(f.score).toBeLessThanOrEqual(1);
  });

  it('scores 1 for the first of both lists', () => {
    expect(fuseByRank(ranked('x'), ranked('x'))).toEqual([{ id: 'x', score: 1, match: 'hybrid' }]);
  });
});
