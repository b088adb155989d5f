import { type Command, stringOption } from '../command';
import { cliConfig } from '../config';
import { CliError, UsageError } from '../errors';
import { isAlive, pidFileOf, runningPid } from '../pid-file';

const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * SIGTERM, then waits: the gateway lets running jobs finish, ends running replies as
 * interrupted and closes its database before it exits (server.ts).
 */
export const stop: Command = {
  name: 'stop',
  summary: 'Stop the gateway started with `cyrene start` (SIGTERM, then wait for it to exit)',
  description:
    'Exits 0 once the gateway is gone (or when none was running), 1 if it is still running after --timeout.',
  options: {
    timeout: {
      type: 'string',
      valueName: 'seconds',
      description: `How long to wait for a clean exit (default ${DEFAULT_TIMEOUT_SECONDS})`,
    },
  },
  async run(input) {
    const config = cliConfig();
    const timeout = Number(stringOption(input, 'timeout') ?? DEFAULT_TIMEOUT_SECONDS);
    if (!Number.isFinite(timeout) || timeout <= 0)
      throw new UsageError(stop.name, '--timeout must be a positive number');
    const pid = runningPid(config);
    if (pid === undefined) {
      console.log(`no gateway is running on ${config.dataDir} (no live pid in ${pidFileOf(config)})`);
      return 0;
    }
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + timeout * 1000;
    while (isAlive(pid)) {
      if (Date.now() > deadline) {
        throw new CliError(
          `the gateway (pid ${pid}) is still running ${timeout}s after SIGTERM`,
          `wait longer (--timeout), or end it with \`kill -9 ${pid}\` (running work is then cut short)`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`Cyrene Gateway stopped (pid ${pid})`);
    return 0;
  },
};
