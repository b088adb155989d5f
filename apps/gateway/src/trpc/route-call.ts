import { describeInputFault, findInputFault } from '@cyrene/contracts';
import { type AppRoute, checkZodSchema, TsRestResponseError, validateResponse } from '@ts-rest/core';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { validationError } from '../http/validation-error';
import { errorBodyOf, RouteFailure } from './errors';

/** A procedure's input before validation: the parts of a REST request, each optional. */
export interface TrpcRequestParts {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

const PART_KEYS = new Set(['params', 'query', 'body']);

/**
 * tRPC's input parser: only checks the envelope `{ params?, query?, body? }`. The parts are
 * validated later, after the auth guard, by the route's own schemas, as REST does.
 */
export function parseRequestParts(input: unknown): TrpcRequestParts {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new RouteFailure(400, {
      error: '请求参数应为对象 { params?, query?, body? }',
      errorType: 'validation_failed',
    });
  }
  const fault = findInputFault(input);
  if (fault)
    throw new RouteFailure(400, { error: describeInputFault(fault), errorType: 'validation_failed' });
  const unknown = Object.keys(input).filter((key) => !PART_KEYS.has(key));
  if (unknown.length > 0) {
    throw new RouteFailure(400, {
      error: `未知的请求参数: ${unknown.join(', ')}`,
      errorType: 'validation_failed',
      hint: '输入只能包含 params、query 和 body',
    });
  }
  return input;
}

/** What a ts-rest handler is called with. */
export interface HandlerArgs {
  params: unknown;
  query: unknown;
  body: unknown;
  headers: unknown;
  req: Request;
  res: Response;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

/** A route's implementation as ts-rest takes it: a handler, with the route's own middleware. */
export interface RouteImplementation {
  handler: (args: HandlerArgs) => Promise<RouteResult>;
  middleware: RequestHandler[];
}

/** The route's path params schema, or one of strings named after the path's `:params`. */
function paramsSchemaOf(route: AppRoute): unknown {
  if (route.pathParams !== undefined) return route.pathParams;
  const names = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
  return z.object(Object.fromEntries(names.map((name) => [name, z.string()])));
}

/**
 * The parts validated by the route's schemas exactly as @ts-rest/express does for REST (an
 * absent query or body is `{}`, as express gives it; headers are the HTTP request's), and every
 * failure reported at once in the spec's error body by the same validationError.
 */
function validateParts(route: AppRoute, parts: TrpcRequestParts, req: Request) {
  const params = checkZodSchema(parts.params ?? {}, paramsSchemaOf(route), { passThroughExtraKeys: true });
  const headers = checkZodSchema(req.headers, route.headers, { passThroughExtraKeys: true });
  const query = checkZodSchema(parts.query ?? {}, route.query);
  const body = checkZodSchema(parts.body ?? {}, 'body' in route ? route.body : null);
  if (!params.success || !headers.success || !query.success || !body.success) {
    throw validationError({
      params: params.success ? null : params.error,
      headers: headers.success ? null : headers.error,
      query: query.success ? null : query.error,
      body: body.success ? null : body.error,
    });
  }
  return { params: params.data, headers: headers.data, query: query.data, body: body.data };
}

/** Runs the route's own middleware (rate limits, …) in order; each ends by calling next. */
async function runMiddleware(middleware: RequestHandler[], req: Request, res: Response): Promise<void> {
  for (const handler of middleware) {
    await new Promise<void>((resolve, reject) => {
      // A middleware that answers by itself instead of calling next would leave the call hanging.
      const closed = () => reject(new Error('route middleware ended the response'));
      res.once('close', closed);
      handler(req, res, (error?: unknown) => {
        res.off('close', closed);
        if (error) reject(error);
        else resolve();
      });
    });
  }
}

/** The 2xx body (checked against the contract when asked, as REST does), or the failure. */
function successBody(route: AppRoute, result: RouteResult, validate: boolean): unknown {
  const checked = validate ? validateResponse({ appRoute: route, response: result }) : result;
  if (result.status >= 200 && result.status < 300) return checked.body;
  throw new RouteFailure(result.status, errorBodyOf(result.status, checked.body));
}

/**
 * One call of a route through tRPC, in the order REST runs it: the route's middleware, request
 * validation, the handler, response validation. (The auth guard runs before, in the procedure.)
 */
export async function callRoute(
  route: AppRoute,
  implementation: RouteImplementation,
  parts: TrpcRequestParts,
  http: { req: Request; res: Response; validateResponses: boolean },
): Promise<unknown> {
  const { req, res } = http;
  await runMiddleware(implementation.middleware, req, res);
  const request = validateParts(route, parts, req);
  let result: RouteResult;
  try {
    result = await implementation.handler({ ...request, req, res });
  } catch (error) {
    if (!(error instanceof TsRestResponseError)) throw error;
    result = { status: error.statusCode, body: error.body };
  }
  return successBody(route, result, http.validateResponses);
}

/**
 * A route's entry in the implementation object as a RouteImplementation. ts-rest types each
 * handler by its own route; walking the contract generically, they are called with the
 * arguments ts-rest would give them, which is what the casts below assert.
 */
export function implementationOf(value: unknown): RouteImplementation | undefined {
  if (typeof value === 'function') {
    return { handler: value as RouteImplementation['handler'], middleware: [] };
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    'handler' in value &&
    typeof value.handler === 'function'
  ) {
    const middleware = 'middleware' in value && Array.isArray(value.middleware) ? value.middleware : [];
    return {
      handler: value.handler as RouteImplementation['handler'],
      middleware: middleware as RequestHandler[],
    };
  }
  return undefined;
}
