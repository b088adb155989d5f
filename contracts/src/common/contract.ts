import { type AppRoute, type AppRouter, initContract, isAppRoute } from '@ts-rest/core';

/** The one ts-rest contract builder every domain uses. */
export const c: ReturnType<typeof initContract> = initContract();

/**
 * Who may call a route. Read by the gateway's one auth guard and by the
 * OpenAPI emitter (for `security`), so it is written once, here.
 * - public: no token
 * - user: any signed-in user (admin included)
 * - admin: `user_id == "admin"` only, others get 403 `admin_only`
 * - webhook: the `X-Webhook-Key` header (or Discord's signature)
 */
export type RouteAuth = 'public' | 'user' | 'admin' | 'webhook';

/** One field of a multipart/form-data body, described by hand (ts-rest cannot validate multipart). */
export interface MultipartField {
  kind: 'file' | 'text';
  required: boolean;
  description: string;
  /** Largest accepted size in bytes, for file fields. */
  maxBytes?: number;
}

export interface RouteMetadata {
  auth: RouteAuth;
  /** Present on multipart routes: the form fields the handler reads and validates itself. */
  multipart?: Record<string, MultipartField>;
}

/**
 * Route metadata, typed, so a typo in `auth` fails to compile. Generic so the route's type keeps
 * its literal `auth` (e.g. 'webhook'), which the tRPC router type reads to leave webhooks out.
 */
export const meta = <M extends RouteMetadata>(m: M): M => m;

/** Every route of a (nested) router, with the keys that lead to it: `[['sessions', 'getSession'], route]`. */
export function* routesOf(router: AppRouter, keys: readonly string[] = []): Generator<[string[], AppRoute]> {
  for (const [key, value] of Object.entries(router)) {
    if (isAppRoute(value)) yield [[...keys, key], value];
    else yield* routesOf(value, [...keys, key]);
  }
}
