import type { RouteMetadata } from '@cyrene/contracts';
import * as contracts from '@cyrene/contracts';
import { type AppRoute, ContractNoBody } from '@ts-rest/core';

/*
 * The root router merges the shared error answers (400/401/403/404/413/415/429/500) into every
 * route so the gateway's handlers stay strictly typed. A reader of the document wants the ones an
 * operation can really return: those its domain router declares itself, plus the shared ones its
 * metadata and shape allow.
 */

const SHARED = new Set(Object.keys(contracts.commonErrorResponses));

/** The route as its domain router declares it (`contracts.<domain>Contract`), before the merge. */
function declaredRoute(keys: readonly string[]): AppRoute | undefined {
  let node: unknown = (contracts as Record<string, unknown>)[`${keys[0]}Contract`];
  for (const key of keys.slice(1)) node = (node as Record<string, unknown> | undefined)?.[key];
  return node && typeof node === 'object' && 'method' in node ? (node as AppRoute) : undefined;
}

/** Whether the route takes a request body (so it can be too large or in an unsupported encoding). */
function takesBody(route: AppRoute): boolean {
  return route.method !== 'GET' && 'body' in route && route.body !== ContractNoBody && route.body !== null;
}

/** Whether a shared error status can come from a route that does not declare it. */
function sharedStatusApplies(status: string, route: AppRoute, auth: RouteMetadata['auth']): boolean {
  switch (status) {
    case '401':
      return auth !== 'public';
    case '403':
      return auth === 'user' || auth === 'admin';
    case '404':
      return route.path.includes(':');
    case '413':
    case '415':
      return takesBody(route);
    case '429':
      // Only rate-limited routes answer 429; they declare it.
      return false;
    default:
      return true;
  }
}

/**
 * A predicate telling which statuses of `route.responses` to document. A route whose domain
 * router cannot be found keeps them all: better a status too many than one missing.
 */
export function documentedStatus(
  keys: readonly string[],
  route: AppRoute,
  auth: RouteMetadata['auth'],
): (status: string) => boolean {
  const declared = declaredRoute(keys);
  if (!declared) return () => true;
  const own = new Set(Object.keys(declared.responses));
  return (status) => own.has(status) || !SHARED.has(status) || sharedStatusApplies(status, route, auth);
}
