import { createRequire } from 'node:module';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GaugeSources } from './telemetry';

// prom-client is loaded when metrics are on (METRICS_TOKEN), not by every CLI command.
const require = createRequire(import.meta.url);

/** OpenTelemetry's recommended boundaries for http.server.request.duration, in seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** Models take seconds, not milliseconds. */
const CHAT_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];
const JOB_LAG_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600];

/**
 * The gateway's Prometheus metrics, in a registry of its own (two gateways in one process, as
 * in tests, do not mix their counts). Names and labels are the ones docs/guides/observability.md
 * and the Grafana dashboard use.
 */
export class GatewayMetrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'http_request_method' | 'http_route' | 'http_response_status_code'>;
  readonly wsConnections: Gauge;
  readonly wsFrames: Counter<'direction' | 'type'>;
  readonly chatTurns: Counter<'door' | 'outcome'>;
  readonly chatTimeToFirstToken: Histogram<'provider' | 'model'>;
  readonly chatDuration: Histogram<'door'>;
  readonly chatTokens: Counter<'direction' | 'model'>;
  readonly chatAttempts: Counter<'provider' | 'model' | 'outcome'>;
  readonly jobLag: Histogram<'kind'>;
  readonly jobRuns: Counter<'kind' | 'outcome'>;
  private sources: GaugeSources = {};

  constructor() {
    const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } =
      require('prom-client') as typeof import('prom-client');
    this.registry = new Registry();
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of HTTP server requests, by contract route.',
      labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.wsConnections = new Gauge({
      name: 'cyrene_ws_connections',
      help: 'Open chat WebSocket connections on this instance.',
      registers,
    });
    this.wsFrames = new Counter({
      name: 'cyrene_ws_frames_total',
      help: 'WebSocket frames received (in) and sent (out), by frame type.',
      labelNames: ['direction', 'type'],
      registers,
    });
    this.chatTurns = new Counter({
      name: 'cyrene_chat_turns_total',
      help: 'Chat turns, by the door they came through and how they ended.',
      labelNames: ['door', 'outcome'],
      registers,
    });
    this.chatTimeToFirstToken = new Histogram({
      name: 'cyrene_chat_time_to_first_token_seconds',
      help: 'From the start of a chat turn to its first text, by the provider and model that answered.',
      labelNames: ['provider', 'model'],
      buckets: CHAT_BUCKETS,
      registers,
    });
    this.chatDuration = new Histogram({
      name: 'cyrene_chat_duration_seconds',
      help: 'Whole chat turns, from the start to the last token.',
      labelNames: ['door'],
      buckets: CHAT_BUCKETS,
      registers,
    });
    this.chatTokens = new Counter({
      name: 'cyrene_chat_tokens_total',
      help: 'Tokens the chat upstreams reported using, input (prompt) and output (completion).',
      labelNames: ['direction', 'model'],
      registers,
    });
    this.chatAttempts = new Counter({
      name: 'cyrene_chat_attempts_total',
      help: 'Tries at chat upstreams (fallbacks count one each), by outcome.',
      labelNames: ['provider', 'model', 'outcome'],
      registers,
    });
    const sources = () => this.sources;
    new Gauge({
      name: 'cyrene_jobs_due',
      help: 'Jobs due now and not yet claimed (all instances).',
      registers,
      async collect() {
        const count = sources().jobsDue;
        if (count) this.set(await count().catch(() => Number.NaN));
      },
    });
    this.jobLag = new Histogram({
      name: 'cyrene_job_lag_seconds',
      help: 'How late jobs started against when they were due.',
      labelNames: ['kind'],
      buckets: JOB_LAG_BUCKETS,
      registers,
    });
    this.jobRuns = new Counter({
      name: 'cyrene_job_runs_total',
      help: 'Job runs on this instance, by kind and outcome.',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    new Gauge({
      name: 'cyrene_db_pool_connections_in_use',
      help: 'Database connections of this instance busy with a query.',
      registers,
      collect() {
        const pool = sources().dbPool?.();
        if (pool) this.set(pool.inUse);
      },
    });
    new Gauge({
      name: 'cyrene_db_pool_requests_waiting',
      help: 'Queries of this instance waiting for a database connection.',
      registers,
      collect() {
        const pool = sources().dbPool?.();
        if (pool) this.set(pool.waiting);
      },
    });
  }

  gauges(sources: GaugeSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  /** The Prometheus text exposition of every metric. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
