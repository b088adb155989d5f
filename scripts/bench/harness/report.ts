import type { BenchResult } from '../types';
import type { Machine } from './machine';

/** One `npm run bench` as written by `--json FILE`, and read back by scripts/bench/report.ts. */
export interface BenchRun {
  startedAt: string;
  smoke: boolean;
  machine: Machine;
  results: (BenchResult & { bench: string })[];
}

export function formatLine(r: BenchResult): string {
  const base = r.baseline === undefined ? '' : `  baseline ${r.baseline} ${r.unit}`;
  const ratio = r.ratio === undefined ? '' : `  ratio ${r.ratio.toFixed(2)}×${rangeOf(r)}`;
  const goal = r.goal ? `  (goal ${r.goal})` : '';
  return `${r.name.padEnd(48)} ${String(r.value).padStart(10)} ${r.unit}${base}${ratio}${goal}`;
}

const rangeOf = (r: BenchResult) =>
  r.ratioRange ? ` (rounds ${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)})` : '';

const cell = (s: string) => s.replaceAll('|', '\\|');

/** A Markdown section for one run: the machine, then one table row per figure. */
export function markdownOf(run: BenchRun): string {
  const m = run.machine;
  const lines = [
    `## ${m.engine}`,
    '',
    `Run at ${run.startedAt}${run.smoke ? ' (smoke mode: figures meaningless)' : ''} on ${m.cores} × ${m.cpu}, ` +
      `${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; 1-minute load average ${m.loadAverage} at the start.`,
    '',
    '| benchmark | figure | value | baseline | ratio | goal |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const r of run.results) {
    const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×${rangeOf(r)}`;
    const baseline = r.baseline === undefined ? '' : `${r.baseline} ${r.unit}`;
    lines.push(
      `| ${r.bench} | ${cell(r.name)} | ${r.value} ${r.unit} | ${baseline} | ${ratio} | ${cell(r.goal ?? '')} |`,
    );
  }
  return lines.join('\n');
}
