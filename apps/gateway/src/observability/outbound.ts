import diagnostics from 'node:diagnostics_channel';
import { type Context, context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { isRecording, type Tracing } from './tracing';

/** What undici (Node's fetch) publishes about a request; only the fields used here. */
interface UndiciRequest {
  origin: string;
  method: string;
  path: string;
  addHeader(name: string, value: string): unknown;
}

const headerSetter = {
  set: (carrier: Record<string, string>, key: string, value: string) => {
    carrier[key] = value;
  },
};

/** Adds `traceparent` (and any other propagated header) naming `ctx` to an outbound request. */
function inject(tracing: Tracing, ctx: Context, request: UndiciRequest): void {
  const carrier: Record<string, string> = {};
  tracing.propagator.inject(ctx, carrier, headerSetter);
  for (const [name, value] of Object.entries(carrier)) request.addHeader(name, value);
}

/**
 * A CLIENT span for every outbound fetch (chat providers, AI-Core, voice, webhooks' targets),
 * from undici's diagnostics channels: the upstream clients stay as they are, and each call
 * carries a traceparent so the upstream can continue the trace. Returns the unsubscribe.
 */
export function traceOutboundFetch(tracing: Tracing): () => void {
  const spans = new WeakMap<UndiciRequest, Span>();
  const onCreate = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    const parent = context.active();
    // Only calls made while something is traced: no orphan trace per background poll.
    if (!trace.getSpan(parent)) return;
    // A trace the sampler dropped gets no span, but the upstream still hears it was dropped.
    if (!isRecording(parent)) return void inject(tracing, parent, request);
    const url = new URL(request.path, request.origin);
    const span = tracing.tracer.startSpan(
      request.method,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': request.method,
          'server.address': url.hostname,
          'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
          'url.full': `${url.origin}${url.pathname}`,
        },
      },
      parent,
    );
    spans.set(request, span);
    inject(tracing, trace.setSpan(parent, span), request);
  };
  const onHeaders = (message: unknown) => {
    const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
    const span = spans.get(request);
    if (!span) return;
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
  };
  const onTrailers = (message: unknown) => {
    const { request } = message as { request: UndiciRequest };
    spans.get(request)?.end();
    spans.delete(request);
  };
  const onError = (message: unknown) => {
    const { request, error } = message as { request: UndiciRequest; error: unknown };
    const span = spans.get(request);
    if (!span) return;
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    span.end();
    spans.delete(request);
  };
  const channels: Array<[string, (message: unknown) => void]> = [
    ['undici:request:create', onCreate],
    ['undici:request:headers', onHeaders],
    ['undici:request:trailers', onTrailers],
    ['undici:request:error', onError],
  ];
  for (const [name, fn] of channels) diagnostics.subscribe(name, fn);
  return () => {
    for (const [name, fn] of channels) diagnostics.unsubscribe(name, fn);
  };
}
