import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The browser tests drive the console as the gateway serves it, so it is built first: turbo
 * rebuilds only when the console, the SDK or the contracts changed (otherwise ~0.3 s).
 */
export default function buildConsole(): void {
  execFileSync('npx', ['turbo', 'run', 'build', '--filter=@cyrene/console', '--output-logs=errors-only'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
}
