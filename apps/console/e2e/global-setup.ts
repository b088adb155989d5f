import { cp, mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildConsole } from '../../gateway/src/cli/console-build';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIST = path.join(ROOT, 'apps/console/dist');
const LOCK = path.join(ROOT, 'apps/console/.build-lock');

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's copy of the built console (see below). */
    consoleDir: string;
  }
}

/**
 * The browser tests drive the console as the gateway serves it, so it is built first, as
 * `cyrene start` does (a cache hit when nothing changed). Each run
 * serves its own copy, so a build started by another run cannot pull files from under it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await withLock(() => {
    const build = buildConsole();
    if (!build.ok) throw new Error(`the console does not build:\n${build.output.slice(-4000)}`);
  });
  const copy = await mkdtemp(path.join(tmpdir(), 'cyrene-console-'));
  await cp(DIST, copy, { recursive: true });
  project.provide('consoleDir', copy);
  return () => rm(copy, { recursive: true, force: true });
}

/** One build at a time on this checkout (mkdir is atomic); a lock older than 2 minutes is stale. */
async function withLock(work: () => void): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      if (Date.now() - started > 120_000) await rmdir(LOCK).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    work();
  } finally {
    await rmdir(LOCK).catch(() => {});
  }
}
