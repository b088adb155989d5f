import type {
  TRPC_ERROR_CODE_KEY,
  TRPC_ERROR_CODE_NUMBER,
  TRPCBuiltRouter,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
  TRPCRouterRecord,
} from '@trpc/server';
import {
  type AppRoute,
  type AppRouter,
  type ContractNoBodyType,
  isZodType,
  type ParamsFromUrl,
  type SuccessfulHttpStatusCode,
} from '@ts-rest/core';
import type { z } from 'zod';
import type { RouteMetadata } from './common/contract';
import type { ErrorBody } from './common/errors';
import type { Contract } from './index';

/*
 * The tRPC face of the contract, derived from it mechanically: one procedure per JSON route,
 * named `<domain>.<operation>`, GET → query, every other method → mutation.
 *
 *   input  = { params?, query?, body? }: the route's pathParams, query and body, each optional
 *            exactly when the REST request may leave it out (the whole input too, when every
 *            part is optional); request headers (Authorization, …) come from the HTTP request.
 *   output = the body of the route's 2xx answer.
 *
 * Left out: webhook routes (they authenticate by their own key or signature), multipart routes
 * (file uploads) and routes answering something other than JSON (downloads, audio). The same
 * rule is written twice here, once for values (the gateway's router) and once for types (the
 * client's inference); both read only the route itself.
 *
 * This module is type-only toward @trpc/server, and published as `@cyrene/sdk/trpc`, so the
 * SDK's main entry never needs tRPC installed.
 */

/** Where the gateway serves the tRPC router. */
export const TRPC_PATH = '/trpc';

/** Why a route has no tRPC procedure. */
export type TrpcExclusion = 'webhook' | 'multipart' | 'not-json';

/** The reason `route` is left out of tRPC, or undefined when it becomes a procedure. */
export function trpcExclusion(route: AppRoute): TrpcExclusion | undefined {
  const auth = (route.metadata as Partial<RouteMetadata> | undefined)?.auth;
  if (auth === 'webhook') return 'webhook';
  if ('contentType' in route && route.contentType === 'multipart/form-data') return 'multipart';
  const success = Object.entries(route.responses).filter(([status]) => /^2\d\d$/.test(status));
  if (success.length === 0 || success.some(([, schema]) => !isZodType(schema))) return 'not-json';
  return undefined;
}

// ---- types -------------------------------------------------------------------------------

/** No part at all (`{}`): what a route without params, query or body adds to the input. */
type Empty = Record<never, never>;

type SuccessStatus<R extends AppRoute> = Extract<keyof R['responses'], SuccessfulHttpStatusCode>;

/** true when every 2xx answer of R is a zod schema (JSON), false when one is not. */
type AnswersJson<R extends AppRoute> = false extends {
  [S in SuccessStatus<R>]: R['responses'][S] extends z.ZodTypeAny ? true : false;
}[SuccessStatus<R>]
  ? false
  : true;

type IsProcedure<R extends AppRoute> = R extends { metadata: { auth: 'webhook' } }
  ? false
  : R extends { contentType: 'multipart/form-data' }
    ? false
    : [SuccessStatus<R>] extends [never]
      ? false
      : AnswersJson<R>;

/** `{ key: T }`, or `{ key?: T }` when T may be left out (it accepts undefined or `{}`). */
type Part<K extends string, T> = undefined extends T
  ? { [P in K]?: T }
  : Empty extends T
    ? { [P in K]?: T }
    : { [P in K]: T };

type InputOf<T> = T extends z.ZodTypeAny ? z.input<T> : T;

type ParamsPart<R extends AppRoute> = R['path'] extends `${string}:${string}`
  ? R extends { pathParams: infer P }
    ? P extends z.ZodTypeAny
      ? Part<'params', z.input<P>>
      : Part<'params', ParamsFromUrl<R['path']>>
    : Part<'params', ParamsFromUrl<R['path']>>
  : Empty;

type QueryPart<R extends AppRoute> = R extends { query: infer Q }
  ? Q extends null | undefined
    ? Empty
    : Part<'query', InputOf<Q>>
  : Empty;

type BodyPart<R extends AppRoute> = R extends { method: 'GET' }
  ? Empty
  : R extends { body: infer B }
    ? B extends ContractNoBodyType
      ? Empty
      : Part<'body', InputOf<B>>
    : Empty;

type Flatten<T> = { [K in keyof T]: T[K] };

/** What a procedure takes: undefined is allowed when every part may be left out. */
export type TrpcInputOf<R extends AppRoute> =
  Flatten<ParamsPart<R> & QueryPart<R> & BodyPart<R>> extends infer I
    ? Empty extends I
      ? I | undefined
      : I
    : never;

/** What a procedure returns: the body of its 2xx answer. */
export type TrpcOutputOf<R extends AppRoute> = {
  [S in SuccessStatus<R>]: R['responses'][S] extends z.ZodTypeAny ? z.output<R['responses'][S]> : never;
}[SuccessStatus<R>];

interface ProcedureDef<R extends AppRoute> {
  input: TrpcInputOf<R>;
  output: TrpcOutputOf<R>;
  meta: object;
}

export type TrpcProcedureOf<R extends AppRoute> = R['method'] extends 'GET'
  ? TRPCQueryProcedure<ProcedureDef<R>>
  : TRPCMutationProcedure<ProcedureDef<R>>;

/** The keys of a router that stay: procedures, and nested routers (checked one level down). */
type KeptKeys<C extends AppRouter> = {
  [K in keyof C]: C[K] extends AppRoute ? (IsProcedure<C[K]> extends true ? K : never) : K;
}[keyof C];

/** A route that is a procedure, or a router holding at least one (a domain of webhooks only goes). */
type KeepKey<K, V> = V extends AppRoute
  ? IsProcedure<V> extends true
    ? K
    : never
  : V extends AppRouter
    ? [KeptKeys<V>] extends [never]
      ? never
      : K
    : never;

/** The procedures of a contract: routers stay routers, routes become procedures or are left out. */
export type TrpcRecordFor<C extends AppRouter> = {
  [K in keyof C as KeepKey<K, C[K]>]: C[K] extends AppRoute
    ? TrpcProcedureOf<C[K]>
    : C[K] extends AppRouter
      ? TrpcRecordFor<C[K]>
      : never;
};

/** The `data` of every tRPC error the gateway sends: tRPC's code and HTTP status, and the spec's error body. */
export interface GatewayTrpcErrorData extends ErrorBody {
  code: TRPC_ERROR_CODE_KEY;
  /** The HTTP status the same failure answers over REST. */
  httpStatus: number;
  /** The procedure, e.g. "sessions.getSession". */
  path?: string;
}

export interface GatewayTrpcErrorShape {
  code: TRPC_ERROR_CODE_NUMBER;
  /** The spec's `error` text. */
  message: string;
  data: GatewayTrpcErrorData;
}

/** The root types of the gateway's tRPC router (no transformer: plain JSON, as over REST). */
export interface GatewayTrpcRootTypes {
  ctx: object;
  meta: object;
  errorShape: GatewayTrpcErrorShape;
  transformer: false;
}

/** The tRPC router type derived from any ts-rest contract. */
export type TrpcRouterFor<C extends AppRouter> =
  TrpcRecordFor<C> extends infer R extends TRPCRouterRecord
    ? TRPCBuiltRouter<GatewayTrpcRootTypes, R>
    : never;

/** The gateway's tRPC router, as `@trpc/client` needs it: `createTRPCClient<GatewayTrpcRouter>(…)`. */
export type GatewayTrpcRouter = TrpcRouterFor<Contract>;
