/**
 * `@cyrene/sdk/trpc`: the type of the gateway's tRPC router, derived from its contract, for
 * `@trpc/client` (install `@trpc/client` and `@trpc/server` to use it):
 *
 *   import { createTRPCClient, httpBatchLink } from '@trpc/client';
 *   import { type GatewayTrpcRouter, TRPC_PATH } from '@cyrene/sdk/trpc';
 *   const trpc = createTRPCClient<GatewayTrpcRouter>({
 *     links: [httpBatchLink({ url: `http://localhost:8080${TRPC_PATH}`, headers: () => ({ authorization: `Bearer ${token}` }) })],
 *   });
 *   const profile = await trpc.auth.getProfile.query();
 */
export {
  type GatewayTrpcErrorData,
  type GatewayTrpcErrorShape,
  type GatewayTrpcRouter,
  TRPC_PATH,
  type TrpcExclusion,
  type TrpcInputOf,
  type TrpcOutputOf,
  type TrpcRouterFor,
  trpcExclusion,
} from '@cyrene/contracts/trpc';
