import { createRequire } from 'node:module';
import { type Context, context, type TextMapPropagator, type Tracer, trace } from '@opentelemetry/api';

// The SDK is loaded only when tracing is configured: every CLI command and every gateway without
// OTEL_EXPORTER_OTLP_ENDPOINT starts without reading its few hundred modules.
const require = createRequire(import.meta.url);
type Sdk = typeof import('@opentelemetry/sdk-trace-base');
type Resources = typeof import('@opentelemetry/resources');
type Exporter = typeof import('@opentelemetry/exporter-trace-otlp-http');
type Core = typeof import('@opentelemetry/core');
type ContextManagers = typeof import('@opentelemetry/context-async-hooks');

export interface TracingSettings {
  /** Where spans go: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  tracesUrl: string;
  /** service.name unless OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES say otherwise. */
  serviceName: string;
  instanceId: string;
}

export interface Tracing {
  tracer: Tracer;
  propagator: TextMapPropagator;
  shutdown(): Promise<void>;
}

let contextManagerSet = false;

/** A sampled span is current in `ctx`: work done there is worth a span of its own. */
export const isRecording = (ctx: Context): boolean => trace.getSpan(ctx)?.isRecording() === true;

/**
 * Spans batched and sent over OTLP/HTTP (JSON). The provider is this gateway's own, not the
 * global one, so two gateways in a process keep their spans apart; the context manager is
 * process-wide (AsyncLocalStorage) and set once. The SDK reads the other standard variables
 * itself: OTEL_EXPORTER_OTLP_HEADERS/_TIMEOUT/_COMPRESSION, OTEL_TRACES_SAMPLER(_ARG),
 * OTEL_BSP_*, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES.
 */
export function startTracing(settings: TracingSettings): Tracing {
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as Sdk;
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } =
    require('@opentelemetry/resources') as Resources;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as Exporter;
  const { W3CTraceContextPropagator } = require('@opentelemetry/core') as Core;
  const { AsyncLocalStorageContextManager } =
    require('@opentelemetry/context-async-hooks') as ContextManagers;
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  const resource = defaultResource()
    .merge(
      resourceFromAttributes({
        'service.name': settings.serviceName,
        'service.instance.id': settings.instanceId,
      }),
    )
    .merge(detectResources({ detectors: [envDetector] }));
  const exporter = new OTLPTraceExporter({ url: settings.tracesUrl });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  return {
    tracer: provider.getTracer('cyrene-gateway'),
    propagator: new W3CTraceContextPropagator(),
    shutdown: () => provider.shutdown(),
  };
}
