import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { BenchContext } from './harness/context';
import { describeMachine } from './harness/machine';
import { type BenchRun, formatLine } from './harness/report';
import type { BenchResult } from './types';

/**
 * `npm run bench [-- [--smoke] [--json FILE] [--cpu-prof DIR] [name…]]`: runs each benchmark
 * module in scripts/bench/ and prints its figures as ratios against the baseline it measured in
 * the same run. Timed goals live here, never in tests. `--smoke` runs each for a few seconds
 * (CI: the benchmarks must keep running; no figure is checked). `--json FILE` writes the run
 * for scripts/bench/report.ts (docs/benchmarks.md).
 */
const BENCHES: Record<string, () => Promise<{ run(ctx: BenchContext): Promise<BenchResult[]> }>> = {
  profile: () => import('./profile'),
  telemetry: () => import('./telemetry'),
  files: () => import('./files'),
  search: () => import('./search'),
  knowledge: () => import('./knowledge'),
  realtime: () => import('./realtime'),
  proactive: () => import('./proactive'),
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    smoke: { type: 'boolean', default: false },
    json: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const names = positionals.length > 0 ? positionals : Object.keys(BENCHES);
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
/** Sizes for --smoke: enough for every code path of each benchmark, a few seconds each. */
const SMOKE_SIZES = {
  SEARCH_BENCH_ROWS: '20000',
  KNOWLEDGE_BENCH_CHUNKS: '4000',
  PROACTIVE_BENCH_CLIENTS: '50',
  PROACTIVE_BENCH_PUSHES: '2',
  PROACTIVE_BENCH_REMINDERS: '200',
  REALTIME_BENCH_CONNECTIONS: '200',
  REALTIME_BENCH_ROUNDS: '1',
};
// Read by the benchmark modules when they load (below); a size set in the environment wins.
if (values.smoke) for (const [name, size] of Object.entries(SMOKE_SIZES)) process.env[name] ??= size;
const ctx: BenchContext = { smoke: values.smoke ?? false, cpuProfDir: values['cpu-prof'] };
const run: BenchRun = {
  startedAt: new Date().toISOString(),
  smoke: ctx.smoke,
  machine: await describeMachine(),
  results: [],
};
for (const name of names) {
  const started = performance.now();
  const bench = await (BENCHES[name] as () => Promise<{ run(ctx: BenchContext): Promise<BenchResult[]> }>)();
  const results = await bench.run(ctx);
  for (const r of results) console.log(formatLine(r));
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  run.results.push(...results.map((r) => ({ bench: name, ...r })));
}
if (values.json) await writeFile(values.json, `${JSON.stringify(run, null, 2)}\n`);
process.exit(0);
