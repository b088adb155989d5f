import type { BenchResult } from './types';

/**
 * `npm run bench [name…]`: runs each benchmark module in scripts/bench/ and prints its figures
 * as ratios against the baseline it measured in the same run. Timed assertions live here, never in tests.
 */
const BENCHES: Record<string, () => Promise<{ run(): Promise<BenchResult[]> }>> = {
  profile: () => import('./profile'),
  files: () => import('./files'),
  search: () => import('./search'),
  knowledge: () => import('./knowledge'),
  realtime: () => import('./realtime'),
  proactive: () => import('./proactive'),
};

function format(r: BenchResult): string {
  const base = r.baseline === undefined ? '' : `  baseline ${r.baseline} ${r.unit}`;
  const ratio = r.ratio === undefined ? '' : `  ratio ${r.ratio.toFixed(2)}×`;
  const goal = r.goal ? `  (goal ${r.goal})` : '';
  return `${r.name.padEnd(48)} ${String(r.value).padStart(10)} ${r.unit}${base}${ratio}${goal}`;
}

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
for (const name of names) {
  const loader = BENCHES[name];
  if (!loader) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const results = await (await loader()).run();
  for (const r of results) console.log(format(r));
}
process.exit(0);
