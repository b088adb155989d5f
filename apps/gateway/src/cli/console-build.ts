import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root, from apps/gateway/src/cli/. */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface ConsoleBuild {
  ok: boolean;
  /** What the build printed (its errors, when it failed). */
  output: string;
}

/** Whether this checkout has the console's sources to build. */
export function hasConsoleSources(): boolean {
  return existsSync(path.join(ROOT, 'apps/console/package.json'));
}

/**
 * Builds the web console of this checkout into apps/console/dist. turbo hashes its inputs (the
 * console, the SDK and the contracts), so when nothing changed this is a cache hit of a fraction
 * of a second.
 */
export function buildConsole(): ConsoleBuild {
  const run = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@cyrene/console', '--output-logs=errors-only'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
  );
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? run.error.message : ''}`;
  return { ok: run.status === 0, output };
}
