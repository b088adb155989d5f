/**
 * `npm run check:imports`: the arrows of apps/gateway/src (docs/architecture.md) hold.
 *
 * 1. No import cycle between files, type-only imports included (a type cycle still ties two
 *    files together for a reader and for the compiler).
 * 2. No cycle between top-level folders (domains and infrastructure) outside tests.
 * 3. Infrastructure imports no domain: only the composition root (app.ts, services.ts, routes.ts,
 *    context.ts, server.ts) knows every domain.
 *
 * The import graph comes from madge (the TypeScript compiler's resolution, tsconfig.json paths).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = 'apps/gateway/src';

/** Folders every domain may use, which in turn use no domain. */
const INFRASTRUCTURE = new Set([
  'blobs',
  'clock',
  'config',
  'db',
  'events',
  'http',
  'jobs',
  'logging',
  'observability',
  'realtime',
  'text',
  'trpc',
  'upstreams',
]);
/** Test support and the command line sit outside the layers (they start whole gateways). */
const OUTSIDE = new Set(['testing', 'cli']);

type Graph = Record<string, string[]>;

function importGraph(): Graph {
  const madge = path.join(ROOT, 'node_modules', '.bin', 'madge');
  const run = spawnSync(madge, ['--json', '--extensions', 'ts', '--ts-config', 'tsconfig.json', SRC], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`madge failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Graph;
}

/** The strongly connected groups of more than one node (Tarjan), each one cycle or more. */
function cyclesOf(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return groups;
}

const folderOf = (file: string): string => file.split('/', 1)[0]!.replace(/\.ts$/, '');
/** Tests and their helpers (testing/, any `testing/` folder, `test-*.ts`) may use anything. */
const isTest = (file: string) => /\.test\.ts$|(^|\/)testing\/|(^|\/)test-[^/]*\.ts$/.test(file);

const graph = importGraph();
const problems: string[] = [];

const fileEdges = new Map(Object.entries(graph).map(([f, deps]) => [f, new Set(deps)]));
for (const group of cyclesOf(fileEdges)) problems.push(`import cycle: ${group.join(' ⇄ ')}`);

const folderEdges = new Map<string, Set<string>>();
for (const [file, deps] of Object.entries(graph)) {
  if (isTest(file)) continue;
  const from = folderOf(file);
  for (const dep of deps) {
    if (isTest(dep)) continue;
    const to = folderOf(dep);
    if (to === from) continue;
    if (!folderEdges.has(from)) folderEdges.set(from, new Set());
    folderEdges.get(from)!.add(to);
    const toDomain = !INFRASTRUCTURE.has(to) && !OUTSIDE.has(to) && dep.includes('/');
    if (INFRASTRUCTURE.has(from) && toDomain)
      problems.push(`infrastructure imports a domain: ${file} → ${dep}`);
  }
}
for (const group of cyclesOf(folderEdges)) problems.push(`folders import each other: ${group.join(' ⇄ ')}`);

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`\n${problems.length} import rule(s) broken in ${SRC} (docs/architecture.md says why).`);
  process.exit(1);
}
console.log(
  `imports of ${SRC}: ${Object.keys(graph).length} files, no cycles, infrastructure imports no domain`,
);
