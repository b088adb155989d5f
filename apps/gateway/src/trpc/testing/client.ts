import type { GatewayTrpcErrorData, GatewayTrpcRouter } from '@cyrene/contracts/trpc';
import { TRPC_PATH } from '@cyrene/contracts/trpc';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';

/** The options of an HTTP link to `baseUrl`'s tRPC endpoint, signed with `token` when given. */
export function linkOptions(baseUrl: string, token?: string) {
  return {
    url: `${baseUrl}${TRPC_PATH}`,
    headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
  };
}

/** A @trpc/client of the gateway, typed by the contract alone. */
export function trpcClient(baseUrl: string, token?: string, options: { batch?: boolean } = {}) {
  const link = options.batch ? httpBatchLink : httpLink;
  return createTRPCClient<GatewayTrpcRouter>({ links: [link(linkOptions(baseUrl, token))] });
}

/** The error a call rejected with: its message and the `data` the gateway's errorFormatter sent. */
export async function trpcFailure(
  call: Promise<unknown>,
): Promise<{ message: string; data: GatewayTrpcErrorData | undefined }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    return { message: error.message, data: error.data as GatewayTrpcErrorData | undefined };
  }
  throw new Error('the call succeeded');
}
