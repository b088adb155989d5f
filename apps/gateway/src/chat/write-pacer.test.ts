import { afterEach, describe, expect, it, vi } from 'vitest';
import { WritePacer } from './write-pacer';

describe('WritePacer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for a quiet moment, but never longer than the longest wait', () => {
    vi.useFakeTimers();
    const runs: number[] = [];
    const pacer = new WritePacer({ quietMs: 10, maxWaitMs: 50, maxBatch: 100 }, () => runs.push(Date.now()));
    const start = Date.now();
    // A chunk every 5 ms: never quiet for 10 ms, so the write is forced at 50 ms.
    for (let t = 0; t < 100; t += 5) {
      pacer.poke();
      vi.advanceTimersByTime(5);
    }
    expect(runs.map((t) => t - start)).toEqual([50, 100]);
    runs.length = 0;
    pacer.poke();
    vi.advanceTimersByTime(10);
    expect(runs).toHaveLength(1);
  });

  it('runs at once on demand and forgets what was pending', () => {
    vi.useFakeTimers();
    let runs = 0;
    const pacer = new WritePacer({ quietMs: 20, maxWaitMs: 20, maxBatch: 64 }, () => runs++);
    pacer.poke();
    pacer.runNow();
    vi.advanceTimersByTime(100);
    expect(runs).toBe(1);
  });
});
