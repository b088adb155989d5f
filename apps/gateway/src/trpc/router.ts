import { type TrpcRouterFor, trpcExclusion } from '@cyrene/contracts/trpc';
import { initTRPC, type TRPCRouterRecord } from '@trpc/server';
import type { CreateExpressContextOptions } from '@trpc/server/adapters/express';
import { type AppRoute, type AppRouter, isAppRoute } from '@ts-rest/core';
import { type AuthGuard, routeAuth } from '../http/auth-guard';
import type { ImplementationsOf } from '../http/server';
import type { Logger } from '../logging/logger';
import { failureOf, formatTrpcError, toTrpcError } from './errors';
import {
  callRoute,
  implementationOf,
  parseRequestParts,
  type RouteImplementation,
  type TrpcRequestParts,
} from './route-call';

/** Each call's context: the HTTP request and response of the tRPC call (shared by a batch). */
export type TrpcContext = Pick<CreateExpressContextOptions, 'req' | 'res'>;

export interface TrpcDeps {
  guard: AuthGuard;
  log: Logger;
  /** Check every answer against the contract, as REST does with the same setting. */
  validateResponses?: boolean;
}

const t = initTRPC.context<TrpcContext>().create({ errorFormatter: formatTrpcError });

function procedureFor(route: AppRoute, implementation: RouteImplementation, deps: TrpcDeps) {
  const auth = routeAuth(route.metadata);
  const procedure = t.procedure.input(parseRequestParts);
  const resolve = async ({ ctx, input }: { ctx: TrpcContext; input: TrpcRequestParts }) => {
    try {
      await deps.guard.admit(ctx.req, auth);
      return await callRoute(route, implementation, input, {
        ...ctx,
        validateResponses: deps.validateResponses ?? false,
      });
    } catch (error) {
      throw toTrpcError(failureOf(error, ctx.req, ctx.res, deps.log));
    }
  };
  return route.method === 'GET' ? procedure.query(resolve) : procedure.mutation(resolve);
}

/** The procedures of one level of the contract, and of the routers below it. */
function recordFor(
  contract: AppRouter,
  implementations: unknown,
  deps: TrpcDeps,
  at: string,
): TRPCRouterRecord {
  const record: TRPCRouterRecord = {};
  for (const [key, node] of Object.entries(contract)) {
    const implemented = (implementations as Record<string, unknown> | undefined)?.[key];
    if (isAppRoute(node)) {
      if (trpcExclusion(node) !== undefined) continue;
      const implementation = implementationOf(implemented);
      if (!implementation) throw new Error(`tRPC: no implementation for ${at}${key}`);
      record[key] = procedureFor(node, implementation, deps);
    } else {
      const nested = recordFor(node, implemented, deps, `${at}${key}.`);
      if (Object.keys(nested).length > 0) record[key] = nested;
    }
  }
  return record;
}

/**
 * The tRPC router of a contract, derived from it and from the very implementations REST mounts:
 * one procedure per JSON route (`<domain>.<operation>`), behind the same auth guard.
 */
export function buildTrpcRouter<C extends AppRouter>(
  contract: C,
  implementations: ImplementationsOf<C>,
  deps: TrpcDeps,
): TrpcRouterFor<C> {
  const router = t.router(recordFor(contract, implementations, deps, ''));
  // The procedures were built by walking the contract, so their types cannot be inferred from
  // the code: TrpcRouterFor<C> states them from the same contract, by the same rule.
  return router as unknown as TrpcRouterFor<C>;
}
