import { context, trace } from '@opentelemetry/api';

/** The current span's trace id, when tracing is on and something is being traced. */
export function activeTraceId(): string | undefined {
  const span = trace.getSpanContext(context.active());
  return span && trace.isSpanContextValid(span) ? span.traceId : undefined;
}

/** pino mixin: every log line written inside a traced request, frame or job names its trace. */
export function traceLogFields(): Record<string, string> {
  const span = trace.getSpanContext(context.active());
  return span && trace.isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
}
