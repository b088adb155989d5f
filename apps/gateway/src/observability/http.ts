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
  const span = tracing.tracer.startSpan(
    methodOf(req),
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': methodOf(req), 'url.path': req.path },
    },
    parent,
  );
  return { span, parent };
}

function endServerSpan(span: Span, req: Request, res: Response, route: string): void {
  span.updateName(`${methodOf(req)} ${route}`);
  span.setAttribute('http.route', route);
  span.setAttribute('http.response.status_code', res.statusCode);
  if (req.requestId) span.setAttribute('cyrene.request_id', req.requestId);
  if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/**
 * Before every other middleware: times the request into http_server_request_duration_seconds
 * and (tracing) runs the rest of its handling inside a SERVER span named by its route.
 */
export function httpInstrumentation(
  metrics: GatewayMetrics | undefined,
  tracing: Tracing | undefined,
): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const traced = tracing ? startServerSpan(tracing, req) : undefined;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const route = routeOf(req);
      metrics?.httpDuration.observe(
        {
          http_request_method: methodOf(req),
          http_route: route,
          http_response_status_code: String(res.statusCode),
        },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      if (traced) endServerSpan(traced.span, req, res, route);
    };
    res.once('finish', finish);
    res.once('close', finish);
    if (traced) context.with(trace.setSpan(traced.parent, traced.span), next);
    else next();
  };
}
