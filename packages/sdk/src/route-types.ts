import type { AppRoute, SuccessfulHttpStatusCode } from '@ts-rest/core';
import type { z } from 'zod';

type SuccessStatus<R extends AppRoute> = Extract<keyof R['responses'], SuccessfulHttpStatusCode>;

/** The body of a route's 2xx answer: its zod type for JSON, a Blob otherwise. */
export type SuccessBody<R extends AppRoute> = {
  [S in SuccessStatus<R>]: R['responses'][S] extends z.ZodTypeAny ? z.infer<R['responses'][S]> : Blob;
}[SuccessStatus<R>];

/** A route taking multipart/form-data (uploads). */
export type MultipartRoute = AppRoute & { contentType: 'multipart/form-data' };

/** Path params and query of a request to any route, and a JSON body for routes that take one. */
export interface RouteArgs {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The URL of a route with its params (each encoded) and query filled in. */
export function routeUrl(baseUrl: string, route: AppRoute, args: RouteArgs = {}): string {
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = args.params?.[name];
    if (value === undefined)
      throw new TypeError(`${route.method} ${route.path}: missing path param "${name}"`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(args.query ?? {})) {
    if (value !== undefined) query.set(key, String(value));
  }
  const search = query.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}
