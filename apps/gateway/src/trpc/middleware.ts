import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { AppRouter } from '@ts-rest/core';
import type { RequestHandler } from 'express';
import type { ImplementationsOf } from '../http/server';
import { buildTrpcRouter, type TrpcDeps } from './router';

/**
 * The Express middleware serving the contract's tRPC router (mounted at TRPC_PATH). JSON bodies
 * arrive already parsed by the app's express.json, with its size limit. A batch of more than
 * `maxBatchSize` calls is refused whole (400) before any of them runs: one GET could otherwise
 * carry hundreds of calls, each as costly as its REST request.
 */
export function trpcMiddleware<C extends AppRouter>(
  contract: C,
  implementations: ImplementationsOf<C>,
  deps: TrpcDeps & { maxBatchSize: number },
): RequestHandler {
  return createExpressMiddleware({
    router: buildTrpcRouter(contract, implementations, deps),
    createContext: ({ req, res }) => ({ req, res }),
    maxBatchSize: deps.maxBatchSize,
  });
}
