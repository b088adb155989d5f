import { type Command, flag } from '../command';
import { cliConfig, describeDatabase } from '../config';
import { runningPid } from '../pid-file';
import { probeGateway } from '../probe';

/** Exit codes of `cyrene status`, for scripts and health checks. */
export const STATUS_EXIT = { ready: 0, down: 1, notReady: 3 } as const;

export const status: Command = {
  name: 'status',
  summary: 'Show whether the gateway answers at the configured port, and its database and connections',
  description:
    'Asks GET /api/v1/health and /api/v1/health/ready on this machine (HOST, PORT).\n' +
    'Exit code: 0 running and ready, 1 not running or not answering, 3 answering but not ready (database down).',
  options: {
    json: { type: 'boolean', description: 'Print the result as one JSON object' },
  },
  async run(input) {
    const config = cliConfig();
    const pid = runningPid(config);
    const probe = await probeGateway(config);
    const code = probe.error ? STATUS_EXIT.down : probe.ready?.ok ? STATUS_EXIT.ready : STATUS_EXIT.notReady;
    if (flag(input, 'json')) {
      console.log(
        JSON.stringify({
          running: !probe.error,
          ready: probe.ready?.ok === true,
          url: probe.url,
          pid: pid ?? null,
          database: probe.ready?.ok ? probe.ready.database : null,
          ws_connections: probe.health?.wsConnections ?? null,
          error: probe.error ?? (probe.ready && !probe.ready.ok ? probe.ready.reason : null),
        }),
      );
      return code;
    }
    const state = probe.error ? 'not running' : probe.ready?.ok ? 'running, ready' : 'running, NOT ready';
    const rows: [string, string][] = [
      ['gateway', `${state}${pid ? ` (pid ${pid})` : ''}`],
      ['url', probe.url],
    ];
    if (probe.error) rows.push(['reason', probe.error]);
    if (probe.ready)
      rows.push(['database', probe.ready.ok ? probe.ready.database : `unavailable (${probe.ready.reason})`]);
    if (probe.health) rows.push(['connections', `${probe.health.wsConnections} WebSocket on this instance`]);
    rows.push(['configured', describeDatabase(config)], ['data dir', config.dataDir]);
    const width = Math.max(...rows.map(([k]) => k.length)) + 2;
    for (const [k, v] of rows) console.log(`${`${k}:`.padEnd(width)}${v}`);
    return code;
  },
};
