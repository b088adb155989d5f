import type { SystemInstance, SystemStatus } from '@cyrene/contracts';
import type { Clock } from '../../clock/clock';
import type { RecentErrors } from '../../observability/recent-errors';
import type { SystemRepository } from './repository';

/** An instance silent this long is not alive (the client registry's stale limit). */
const ALIVE_WITHIN_MS = 120_000;

export interface SystemStatusDeps {
  repo: SystemRepository;
  clock: Clock;
  instanceId: string;
  /** Open connections on this instance (its own count is exact, the database's may lag). */
  localConnections: () => number;
  jobs: { backlog(): Promise<{ due: number; lagSeconds: number }> };
  recentErrors: RecentErrors;
  telemetry: SystemStatus['telemetry'];
}

/** The admin's system view: what an operator checks first when something is slow or failing. */
export class SystemStatusService {
  constructor(private readonly deps: SystemStatusDeps) {}

  async status(): Promise<SystemStatus> {
    const { deps } = this;
    const now = deps.clock.now();
    const [rows, backlog] = await Promise.all([
      deps.repo.instancesAlive(new Date(now.getTime() - ALIVE_WITHIN_MS)),
      deps.jobs.backlog(),
    ]);
    const others: SystemInstance[] = rows
      .filter((r) => r.instance_id !== deps.instanceId)
      .map((r) => ({
        instance_id: r.instance_id,
        heartbeat_at: r.heartbeat_at.getTime(),
        current: false,
        websocket_connections: r.connections,
      }));
    // The answering instance is alive whether or not its heartbeat row exists yet.
    const current: SystemInstance = {
      instance_id: deps.instanceId,
      heartbeat_at: now.getTime(),
      current: true,
      websocket_connections: deps.localConnections(),
    };
    const instances = [current, ...others];
    return {
      instances,
      websocket_connections: instances.reduce((sum, i) => sum + i.websocket_connections, 0),
      jobs: { due: backlog.due, lag_seconds: Math.round(backlog.lagSeconds * 1000) / 1000 },
      recent_errors: deps.recentErrors.list().map((e) => ({
        method: e.method,
        route: e.route,
        status: e.status,
        count: e.count,
        last_at: e.lastAt,
      })),
      telemetry: deps.telemetry,
    };
  }
}
