import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { adminGeneration, LoginGenerations } from './auth/login-generations';
import { TokenSigner } from './auth/tokens';
import type { BlobStore } from './blobs/blob-store';
import type { Clock } from './clock/clock';
import type { Config } from './config/config';
import type { GatewayDatabase } from './db/database';
import type { Database } from './db/schema';
import type { ProcessFaults } from './health/process-faults';
import { AuthGuard } from './http/auth-guard';
import type { Logger } from './logging/logger';
import { createTelemetry, type GatewayTelemetry } from './observability/create';
import { RecentErrors } from './observability/recent-errors';
import { ConnectionHub } from './realtime/hub';
import type { ModelRouting } from './upstreams/model-routing';

export interface AppDeps {
  config: Config;
  database: GatewayDatabase;
  clock: Clock;
  log: Logger;
  /** The HS256 key (JWT_SECRET, or the one kept in DATA_DIR). */
  jwtSecret: Uint8Array;
  /** Errors that escaped every handler of the process (server.ts watches them), for readiness. */
  faults?: ProcessFaults;
  /** Check every response against its contract (on in tests: undeclared fields are stripped). */
  validateResponses?: boolean;
  /** Where file content is kept; default: the one the config names (S3_BUCKET, else DATA_DIR). */
  blobs?: BlobStore;
}

/** The shared infrastructure every domain is built from. No domain logic lives here. */
export interface AppContext extends AppDeps {
  /**
   * This gateway instance, one per createApp: the owner of its WebSocket connections
   * (live_sessions), its chat turns (generations), its job leases and its bus node. A restart,
   * or a second gateway in the same process, is another instance.
   */
  instanceId: string;
  db: Kysely<Database>;
  tokens: TokenSigner;
  /** Each account's current login generation (what ends a login: see LoginGenerations). */
  loginGenerations: LoginGenerations;
  guard: AuthGuard;
  hub: ConnectionHub;
  /** Metrics and traces (no-ops unless METRICS_TOKEN / OTEL_EXPORTER_OTLP_ENDPOINT are set). */
  telemetry: GatewayTelemetry;
  /** Error answers of this instance by route (the admin's system view). */
  recentErrors: RecentErrors;
}

export function createContext(deps: AppDeps): AppContext {
  const tokens = new TokenSigner(deps.jwtSecret, deps.clock, deps.config.accessTokenTtlSeconds);
  const instanceId = randomUUID();
  const { config, database } = deps;
  const telemetry = createTelemetry({
    metrics: config.metricsToken !== undefined,
    tracing: config.otlpTracesUrl
      ? { tracesUrl: config.otlpTracesUrl, serviceName: config.otelServiceName, instanceId }
      : undefined,
  });
  const queryObserver = telemetry.queryObserver(database.engine);
  if (queryObserver) database.observeQueries(queryObserver);
  const loginGenerations = new LoginGenerations(
    database.db,
    adminGeneration(deps.jwtSecret, config.adminUsername, config.adminPassword),
  );
  return {
    ...deps,
    instanceId,
    telemetry,
    recentErrors: new RecentErrors(deps.clock),
    db: database.db,
    tokens,
    loginGenerations,
    guard: new AuthGuard(tokens, loginGenerations),
    hub: new ConnectionHub(),
  };
}

export type { ModelRouting };
