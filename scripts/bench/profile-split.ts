import { readFile } from 'node:fs/promises';

/*
 * `tsx scripts/bench/profile-split.ts FILE.cpuprofile`: where a gateway's CPU time went, by the
 * part of the request path that spent it. Each sample goes to the deepest frame on its stack
 * that belongs to a known part (so zod called by ts-rest counts as validation, pg called by
 * Kysely as pg); the rest is "other". Profiles come from `npm run bench -- --cpu-prof DIR profile`.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Parts of the request path, first match wins, tested against `url functionName`. */
const PARTS: [string, RegExp][] = [
  ['idle', /^ \(idle\)$/],
  ['garbage collection', /^ \(garbage collector\)$/],
  // Metrics and tracing (METRICS_TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT): the SDK, prom-client, the
  // gateway's instrumentation, and the AsyncLocalStorage promise hooks tracing turns on.
  [
    'telemetry',
    /node_modules\/(@opentelemetry|prom-client)\/|observability\/|^node:(internal\/)?async_hooks /,
  ],
  ['request id + request log', /http\/request-context\.ts/],
  [
    'logging (pino)',
    /node_modules\/(pino|sonic-boom|fast-redact|pino-std-serializers|quick-format-unescaped)\//,
  ],
  ['auth (guard, JWT)', /http\/auth-guard\.ts|auth\/tokens\.ts|node_modules\/jose\//],
  ['validation (zod)', /node_modules\/zod\//],
  ['ts-rest', /node_modules\/@ts-rest\//],
  ['body/query parsing', /node_modules\/(body-parser|qs|raw-body|type-is|content-type|iconv-lite)\//],
  ['Kysely', /node_modules\/kysely\//],
  ['pg driver', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|pgpass|postgres-\w+)\//],
  ['PGlite', /node_modules\/@electric-sql\//],
  ['serialization (JSON)', /\bstringify\b|node_modules\/express\/lib\/response\.js/],
  [
    'express routing + middleware',
    /node_modules\/(express|router|path-to-regexp|finalhandler|send|on-finished)\//,
  ],
  ['gateway code', /apps\/gateway\/src\//],
  [
    'node http + net',
    /^node:(_http|http|net|stream|internal\/streams|internal\/http)|^node:internal\/(stream|net|http)/,
  ],
];

function partOf(node: ProfileNode): string | undefined {
  const key = `${node.callFrame.url} ${node.callFrame.functionName}`;
  return PARTS.find(([, re]) => re.test(key))?.[0];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: profile-split.ts FILE.cpuprofile');
  process.exit(2);
}
const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const memo = new Map<number, string>();
function attribute(id: number): string {
  const known = memo.get(id);
  if (known) return known;
  let at: number | undefined = id;
  let part: string | undefined;
  while (at !== undefined && !part) {
    const node = byId.get(at);
    part = node ? partOf(node) : undefined;
    at = parent.get(at);
  }
  const leaf = byId.get(id);
  const result =
    part ?? (leaf?.callFrame.functionName.startsWith('(') ? leaf.callFrame.functionName : 'other');
  memo.set(id, result);
  return result;
}

const totals = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const part = attribute(id);
  totals.set(part, (totals.get(part) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const busy = [...totals].filter(([p]) => p !== 'idle').reduce((sum, [, us]) => sum + us, 0);
console.log(`busy CPU ${(busy / 1e6).toFixed(2)} s (idle ${((totals.get('idle') ?? 0) / 1e6).toFixed(2)} s)`);
for (const [part, us] of [...totals].sort((a, b) => b[1] - a[1])) {
  if (part === 'idle') continue;
  console.log(
    `${part.padEnd(32)} ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1e3).toFixed(0).padStart(7)} ms`,
  );
}
