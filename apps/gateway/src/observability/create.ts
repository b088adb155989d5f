import { type Context, context, defaultTextMapGetter, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { QueryObserver } from '../db/observed-dialect';
import { chatTurnProbe } from './chat-probe';
import { queryTracer } from './db-spans';
import { httpInstrumentation } from './http';
import { GatewayMetrics } from './metrics';
import { traceOutboundFetch } from './outbound';
import type { Telemetry, TraceParent } from './telemetry';
import { noTelemetry } from './telemetry';
import { startTracing, type Tracing, type TracingSettings } from './tracing';

export interface TelemetrySettings {
  /** Prometheus metrics are kept (METRICS_TOKEN is set). */
  metrics: boolean;
  /** Spans are exported (OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  tracing?: TracingSettings;
}

/** The telemetry of one gateway, with what the app needs beyond the ports. */
export interface GatewayTelemetry extends Telemetry {
  metrics?: GatewayMetrics;
  /** Tracing only: spans for the queries of a database. */
  queryObserver(engine: string): QueryObserver | undefined;
}

export function createTelemetry(settings: TelemetrySettings): GatewayTelemetry {
  const metrics = settings.metrics ? new GatewayMetrics() : undefined;
  const tracing = settings.tracing ? startTracing(settings.tracing) : undefined;
  if (!metrics && !tracing) return { ...noTelemetry, queryObserver: () => undefined };
  const stopOutbound = tracing ? traceOutboundFetch(tracing) : () => {};
  return {
    enabled: true,
    metrics,
    queryObserver: (engine) => (tracing ? queryTracer(tracing, engine) : undefined),
    httpMiddleware: httpInstrumentation(metrics, tracing),
    span: (name, attributes, fn, parent) =>
      tracing ? inSpan(tracing, name, attributes, fn, parent as Context | undefined) : fn(),
    traceParent: (headers) => {
      if (!tracing || headers.traceparent === undefined) return undefined;
      const caller = tracing.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      return trace.getSpanContext(caller) ? (caller as unknown as TraceParent) : undefined;
    },
    wsConnections: (delta) => metrics?.wsConnections.inc(delta),
    wsFrame: (direction, type) => metrics?.wsFrames.inc({ direction, type }),
    chatTurn: (door) => chatTurnProbe(door, metrics, tracing),
    jobRun: async (kind, lagSeconds, run) => {
      metrics?.jobLag.observe({ kind }, Math.max(0, lagSeconds));
      const outcome = await (tracing
        ? inSpan(tracing, `job ${kind}`, { 'cyrene.job.kind': kind }, run)
        : run()
      ).catch((e: unknown) => {
        metrics?.jobRuns.inc({ kind, outcome: 'failed' });
        throw e;
      });
      metrics?.jobRuns.inc({ kind, outcome });
    },
    gauges: (sources) => metrics?.gauges(sources),
    shutdown: async () => {
      stopOutbound();
      await tracing?.shutdown();
    },
  };
}

/** Runs `fn` as the current span (under `parent`, else the current one); a promise ends the span when it settles. */
function inSpan<T>(
  tracing: Tracing,
  name: string,
  attributes: Record<string, string | number>,
  fn: () => T,
  parent: Context = context.active(),
): T {
  const span = tracing.tracer.startSpan(name, { attributes }, parent);
  const result = context.with(trace.setSpan(parent, span), fn);
  if (result instanceof Promise) {
    result.then(
      () => span.end(),
      (e: unknown) => {
        span.recordException(e instanceof Error ? e : String(e));
        span.setStatus({ code: 2 });
        span.end();
      },
    );
  } else span.end();
  return result;
}
