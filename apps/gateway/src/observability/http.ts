import { TRPC_PATH } from '@cyrene/contracts/trpc';
import {
  context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { Request, RequestHandler, Response } from 'express';
import type { GatewayMetrics } from './metrics';
import type { Tracing } from './tracing';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The one label of every request no route answered (404s, scanners): raw paths are unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route that answered, as a template: the contract's path (`/api/v1/sessions/:id`, set by
 * ts-rest on the request), `/trpc` for the tRPC door, an Express route's pattern, else
 * `unmatched`. Never the raw URL.
 */
export function routeOf(req: Request): string {
  const contractRoute = (req as { tsRestRoute?: { path?: unknown } }).tsRestRoute?.path;
  if (typeof contractRoute === 'string') return contractRoute;
  if (req.originalUrl.startsWith(`${TRPC_PATH}/`)) return TRPC_PATH;
  const routePath = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof routePath === 'string') return `${req.baseUrl}${routePath}`;
  return UNMATCHED_ROUTE;
}

const methodOf = (req: Request) => (METHODS.has(req.method) ? req.method : '_OTHER');

function startServerSpan(tracing: Tracing, req: Request): { span: Span; parent: typeof ROOT_CONTEXT } {
  // An incoming traceparent is continued; without one the request starts a trace.
  const parent = tracing.propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
  const span = tracing.tracer.startSpan(methodOf(req), { kind: SpanKind.SERVER }, parent);
  // Attributes only on a span the sampler kept: the SDK would check them even for one it dropped.
  if (span.isRecording()) span.setAttributes({ 'http.request.method': methodOf(req), 'url.path': req.path });
  return { span, parent };
}

function endServerSpan(span: Span, req: Request, res: Response, route: string): void {
  if (!span.isRecording()) return void span.end();
  span.updateName(`${methodOf(req)} ${route}`);
  span.setAttribute('http.route', route);
  span.setAttribute('http.response.status_code', res.statusCode);
  if (req.requestId) span.setAttribute('cyrene.request_id', req.requestId);
  if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** What the instrumentation keeps on a response until it finishes. */
interface InFlight {
  req: Request;
  /** performance.now() at the start (a double: no BigInt per request). */
  started: number;
  span: Span | undefined;
  metrics: GatewayMetrics | undefined;
}

const IN_FLIGHT = Symbol('cyrene.inFlight');
type TrackedResponse = Response & { [IN_FLIGHT]?: InFlight };

/**
 * The response is done (answered, or its client went away): one listener shared by every response
 * (`this`), not closures and `once` wrappers made per request.
 */
function requestDone(this: TrackedResponse): void {
  const flight = this[IN_FLIGHT];
  if (!flight) return;
  this[IN_FLIGHT] = undefined;
  const { req, started, span, metrics } = flight;
  const route = routeOf(req);
  metrics?.httpDuration.observe(
    {
      http_request_method: methodOf(req),
      http_route: route,
      http_response_status_code: String(this.statusCode),
    },
    (performance.now() - started) / 1000,
  );
  if (span) endServerSpan(span, req, this, route);
}

/**
 * Before every other middleware: times the request into http_server_request_duration_seconds
 * and (tracing) runs the rest of its handling inside a SERVER span named by its route.
 */
export function httpInstrumentation(
  metrics: GatewayMetrics | undefined,
  tracing: Tracing | undefined,
): RequestHandler {
  return (req, res: TrackedResponse, next) => {
    const started = performance.now();
    const traced = tracing ? startServerSpan(tracing, req) : undefined;
    res[IN_FLIGHT] = { req, started, span: traced?.span, metrics };
    // 'close' follows 'finish' on every response, and comes alone when the client went away first.
    res.on('close', requestDone);
    if (traced) context.with(trace.setSpan(traced.parent, traced.span), next);
    else next();
  };
}
