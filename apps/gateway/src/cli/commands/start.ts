import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/config';
import { type Command, flag, stringOption } from '../command';
import { cliConfig } from '../config';
import { buildConsole, hasConsoleSources } from '../console-build';
import { CliError, UsageError } from '../errors';
import { logFileOf, pidFileOf, runningPid, underSupervisor, writePidFile } from '../pid-file';
import { probeGateway } from '../probe';
import { readTail } from './logs';

const LAUNCHER = fileURLToPath(new URL('../../../bin/cyrene.js', import.meta.url));
const DEFAULT_WAIT_SECONDS = 60;

function refuseIfRunning(config: Config): void {
  const pid = runningPid(config);
  if (pid !== undefined) {
    throw new CliError(
      `the gateway is already running (pid ${pid}, ${pidFileOf(config)})`,
      'see `cyrene status`',
    );
  }
}

/**
 * The console at `/` is this checkout's, built when its sources changed. A failed build (say,
 * installed without dev dependencies) leaves the API running and says why the console is missing.
 */
function ensureConsole(config: Config): void {
  if (config.consoleDir !== undefined || !hasConsoleSources()) return;
  const build = buildConsole();
  if (!build.ok) {
    console.error(
      `The web console could not be built; the API runs without it.\n${build.output.slice(-2000)}`,
    );
  }
}

/** Runs the gateway in this process (server.ts) until SIGINT/SIGTERM. */
async function foreground(config: Config): Promise<number | undefined> {
  const supervised = underSupervisor();
  if (!supervised) refuseIfRunning(config);
  ensureConsole(config);
  if (!supervised) writePidFile(config);
  // server.ts starts the gateway as it is imported, and exits the process when it stops.
  await import('../../server');
  return undefined;
}

function withoutSupervisor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { INVOCATION_ID: _unit, ...rest } = env;
  return rest;
}

/**
 * Starts `cyrene start` detached, its output appended to DATA_DIR/logs/gateway.log, and waits
 * until it answers ready (or exits, whose last log lines are then shown).
 */
async function daemon(config: Config, waitSeconds: number): Promise<number> {
  refuseIfRunning(config);
  const logFile = logFileOf(config);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [LAUNCHER, 'start'], {
    detached: true,
    stdio: ['ignore', out, out],
    // The detached gateway is ours to track by its pid file, even when this command runs in a unit.
    env: withoutSupervisor(process.env),
    cwd: process.cwd(),
  });
  closeSync(out);
  let exited: number | null | undefined;
  child.on('exit', (code, signal) => {
    exited = code ?? (signal ? 128 : 1);
  });
  const deadline = Date.now() + waitSeconds * 1000;
  try {
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      if (exited !== undefined) {
        const tail = await readTail(logFile, 15);
        throw new CliError(
          `the gateway exited during start (code ${exited}); last lines of ${logFile}:\n${tail.join('\n')}`,
          'run `cyrene start` in the foreground to see it directly',
        );
      }
      const probe = await probeGateway(config, 1_000);
      if (probe.ready?.ok && runningPid(config) === child.pid) {
        console.log(
          `Cyrene Gateway started (pid ${child.pid}) at ${probe.url}, database: ${probe.ready.database}`,
        );
        console.log(`logs: ${logFile}  (cyrene logs)`);
        return 0;
      }
    }
    throw new CliError(
      `the gateway (pid ${child.pid}) did not become ready within ${waitSeconds}s; it may still be starting`,
      `see \`cyrene logs\` and \`cyrene status\`; \`cyrene stop\` ends it`,
    );
  } finally {
    child.unref();
  }
}

export const start: Command = {
  name: 'start',
  summary: 'Start the gateway (in the foreground, or in the background with --daemon)',
  description:
    'In the foreground, logs go to stdout as JSON lines (pipe through pino-pretty to read them) and Ctrl-C stops it.\n' +
    'With --daemon the gateway runs detached: its pid is written to DATA_DIR/gateway.pid and its output\n' +
    'appended to DATA_DIR/logs/gateway.log; the command returns once the gateway answers ready.\n' +
    'On PostgreSQL, instances sharing DATA_DIR each have their own: gateway-<host name>-<PORT>.pid and .log.\n' +
    'Under systemd (INVOCATION_ID set) no pid file is written: systemd knows the process.',
  options: {
    daemon: { type: 'boolean', short: 'd', description: 'Run in the background and return when ready' },
    wait: {
      type: 'string',
      valueName: 'seconds',
      description: `With --daemon: how long to wait for readiness (default ${DEFAULT_WAIT_SECONDS})`,
    },
  },
  async run(input) {
    const config = cliConfig();
    if (!flag(input, 'daemon')) return foreground(config);
    const wait = Number(stringOption(input, 'wait') ?? DEFAULT_WAIT_SECONDS);
    if (!Number.isFinite(wait) || wait <= 0)
      throw new UsageError(start.name, '--wait must be a positive number');
    return daemon(config, wait);
  },
};
