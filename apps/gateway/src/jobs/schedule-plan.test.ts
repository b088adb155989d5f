import { describe, expect, it } from 'vitest';
import { occurrencesToRun, retryDelayMs } from './schedule-plan';

const MIN = 60_000;
const at = (m: number) => new Date(Date.UTC(2030, 0, 1, 0, m));
const everyTen = (after: Date) => new Date((Math.floor(after.getTime() / (10 * MIN)) + 1) * 10 * MIN);

describe('occurrencesToRun', () => {
  const base = { occurrenceAt: at(0), graceMs: MIN, limit: 2, next: everyTen };

  it('an occurrence within the grace period runs whatever the policy', () => {
    for (const policy of ['skip', 'once', 'all'] as const) {
      expect(occurrencesToRun({ ...base, now: at(0.5), policy })).toEqual([at(0)]);
    }
  });

  it('skip keeps only an occurrence that is still on time', () => {
    expect(occurrencesToRun({ ...base, now: at(35), policy: 'skip' })).toEqual([]);
    expect(occurrencesToRun({ ...base, now: at(30.5), policy: 'skip' })).toEqual([at(30)]);
  });

  it('once runs the latest missed occurrence; all the latest `limit` ones', () => {
    expect(occurrencesToRun({ ...base, now: at(35), policy: 'once' })).toEqual([at(30)]);
    expect(occurrencesToRun({ ...base, now: at(35), policy: 'all' })).toEqual([at(20), at(30)]);
  });

  it('a finished series yields what was due before its end', () => {
    const ends = (after: Date) => (after < at(10) ? at(10) : null);
    expect(occurrencesToRun({ ...base, next: ends, now: at(50), policy: 'all', limit: 5 })).toEqual([
      at(0),
      at(10),
    ]);
  });

  it('one-shot jobs: skip drops a late one, once and all run it', () => {
    const oneShot = { occurrenceAt: at(0), graceMs: MIN, limit: 3, now: at(5) };
    expect(occurrencesToRun({ ...oneShot, policy: 'skip' })).toEqual([]);
    expect(occurrencesToRun({ ...oneShot, policy: 'once' })).toEqual([at(0)]);
    expect(occurrencesToRun({ ...oneShot, policy: 'all' })).toEqual([at(0)]);
  });
});

describe('retryDelayMs', () => {
  it('doubles from 5 s up to 15 minutes', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(30)).toBe(15 * 60_000);
  });
});
