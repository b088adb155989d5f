import autocannon from 'autocannon';
import { cpuMsOf } from './proc';

/*
 * HTTP load from the harness process (which is not a measured server): autocannon keeps
 * `connections` keep-alive connections busy for `seconds`. Latencies are taken per response at
 * autocannon's full resolution (its own histogram rounds to whole milliseconds, too coarse for
 * a p99 of a few ms).
 */

export interface LoadResult {
  /** 2xx responses. */
  requests: number;
  /** 2xx responses per second. */
  throughput: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers: any is a failed benchmark. */
  failures: number;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);

export const median = (values: number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export async function load(
  url: string,
  headers: Record<string, string>,
  { connections, seconds }: LoadOptions,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await autocannon({
    url,
    headers,
    connections,
    duration: seconds,
    setupClient: (client) => {
      client.on('response', (status, _bytes, ms) => {
        if (status >= 200 && status < 300) latencies.push(ms);
      });
    },
  });
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    throughput: latencies.length / (result.duration || seconds),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

export interface Side {
  url: string;
  headers: Record<string, string>;
  /** The server's process, for its CPU time per request. */
  pid: number;
}

export interface Measured extends LoadResult {
  /** The server's CPU time per answered request, in µs: what a request costs it, however busy the machine. */
  cpuPerRequestUs: number;
}

export interface BestRound {
  throughput: number;
  cpuPerRequestUs: number;
}

export interface Compared {
  gateway: Measured;
  baseline: Measured;
  /**
   * Gateway ÷ baseline per pair of adjacent rounds, the median over the pairs: what a neighbour's
   * load does to one round it does to the round beside it, so this holds steadier than a ratio
   * of medians on a shared machine.
   */
  ratios: { throughput: number; p99: number; cpuPerRequest: number };
  /**
   * Best round ÷ best round (highest throughput, least CPU per request): on a machine others
   * are busy on, noise only ever slows a round down, so the best rounds are the nearest either
   * side gets to its own cost.
   */
  bestRatios: { throughput: number; cpuPerRequest: number };
  /** The best round's figures of each side. */
  best: { gateway: BestRound; baseline: BestRound };
  /** The lowest and highest per-round-pair ratio of each. */
  ratioRanges: { throughput: [number, number]; p99: [number, number]; cpuPerRequest: [number, number] };
}

const bestOf = (rs: Measured[]): BestRound => ({
  throughput: Math.max(...rs.map((r) => r.throughput)),
  cpuPerRequestUs: Math.min(...rs.map((r) => r.cpuPerRequestUs)),
});

export interface CompareOptions {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

/**
 * Warm-up, then `rounds` interleaved rounds (baseline, gateway, baseline, …), so a noisy
 * neighbour on the machine hurts both sides alike; each figure is the median over the rounds.
 * Throws when a request fails: a fast error is not a result.
 */
export async function compareLoad(gateway: Side, baseline: Side, options: CompareOptions): Promise<Compared> {
  const [compared] = await compareEachWith(baseline, [gateway], options);
  return compared as Compared;
}

/**
 * compareLoad for several sides against one baseline, all warmed up first and then measured in
 * the same rounds (baseline, sides…, then the reverse order the next round), so each side's ratio
 * pairs it with a baseline round beside it and no side is fresher than another.
 */
export async function compareEachWith(
  baseline: Side,
  sides: Side[],
  { rounds, seconds, warmupSeconds, connections }: CompareOptions,
): Promise<Compared[]> {
  const run = async (side: Side, s: number): Promise<Measured> => {
    const cpuBefore = cpuMsOf(side.pid);
    const r = await load(side.url, side.headers, { connections, seconds: s });
    if (r.failures > 0) throw new Error(`${side.url}: ${r.failures} failed requests`);
    return { ...r, cpuPerRequestUs: ((cpuMsOf(side.pid) - cpuBefore) * 1000) / Math.max(1, r.requests) };
  };
  const all = [baseline, ...sides];
  for (const side of all) await run(side, warmupSeconds);
  const measured: Measured[][] = all.map(() => []);
  for (let i = 0; i < rounds; i++) {
    const order = all.map((_, k) => k);
    if (i % 2 === 1) order.reverse();
    for (const k of order) measured[k]?.push(await run(all[k] as Side, seconds));
  }
  const summary = (rs: Measured[]): Measured => ({
    requests: rs.reduce((sum, r) => sum + r.requests, 0),
    throughput: median(rs.map((r) => r.throughput)),
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    failures: 0,
    cpuPerRequestUs: median(rs.map((r) => r.cpuPerRequestUs)),
  });
  const b = measured[0] as Measured[];
  return sides.map((_, k) => {
    const g = measured[k + 1] as Measured[];
    const perRound = (of: (r: Measured) => number) => g.map((r, i) => of(r) / of(b[i] as Measured));
    const pairs = (of: (r: Measured) => number) => median(perRound(of));
    const range = (of: (r: Measured) => number): [number, number] => [
      Math.min(...perRound(of)),
      Math.max(...perRound(of)),
    ];
    return {
      gateway: summary(g),
      baseline: summary(b),
      ratios: {
        throughput: pairs((r) => r.throughput),
        p99: pairs((r) => r.p99),
        cpuPerRequest: pairs((r) => r.cpuPerRequestUs),
      },
      bestRatios: {
        throughput: bestOf(g).throughput / bestOf(b).throughput,
        cpuPerRequest: bestOf(g).cpuPerRequestUs / bestOf(b).cpuPerRequestUs,
      },
      best: { gateway: bestOf(g), baseline: bestOf(b) },
      ratioRanges: {
        throughput: range((r) => r.throughput),
        p99: range((r) => r.p99),
        cpuPerRequest: range((r) => r.cpuPerRequestUs),
      },
    };
  });
}
