import { type Contract, contract } from '@cyrene/contracts';
import { type ApiFetcher, type AppRoute, type InitClientReturn, initClient } from '@ts-rest/core';
import { GatewayError } from './errors';
import { type FetchLike, globalFetch, type RawResponse, readResponse } from './http';
import { createRefresher } from './refresh';
import type { StoredTokens, TokenStore } from './token-store';
import { createTransport, type RetryOptions, type Transport } from './transport';

export interface RestClientOptions {
  /** Where the gateway listens, e.g. `http://localhost:8080` (the contract's paths carry `/api/v1`). */
  baseUrl: string;
  tokens: TokenStore;
  /** Called whenever the tokens change: new ones after a refresh, `null` when the login ended. */
  onTokens?: (tokens: StoredTokens | null) => void;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Parse every response body with its contract schema. */
  validateResponse?: boolean;
  /** Retries of idempotent calls on 502/503 (default: 2, with backoff); `false`: none. */
  retry?: RetryOptions | false;
  /** The transport to send through (createGatewayClient shares one between REST, uploads and downloads). */
  transport?: Transport;
}

interface RestClientArgs {
  baseUrl: string;
  api: ApiFetcher;
  validateResponse?: boolean;
}

/** The typed client: one function per route of the contract, e.g. `rest.sessions.list()`. */
export type RestClient = InitClientReturn<Contract, RestClientArgs>;

/** Routes whose 401 means "wrong credentials", never "token expired". */
const CREDENTIAL_ROUTES = new Set<AppRoute>([
  contract.auth.login,
  contract.auth.register,
  contract.auth.refresh,
]);

/** The transport a client without one of its own sends through. */
export function transportFor(options: Omit<RestClientOptions, 'transport' | 'validateResponse'>): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalFetch;
  const refresh = createRefresher({
    baseUrl,
    fetch: fetchImpl,
    tokens: options.tokens,
    onTokens: options.onTokens,
  });
  return createTransport({ fetch: fetchImpl, tokens: options.tokens, refresh, retry: options.retry });
}

/**
 * A ts-rest client over the whole contract that sends `authorization: Bearer <token>` from
 * `tokens`, on a 401 renews the tokens once through `/auth/refresh` and retries once, and
 * retries GET/PUT/DELETE on 502/503 with backoff. A status the route does not declare throws a
 * {@link GatewayError}.
 */
export function createRestClient(options: RestClientOptions): RestClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const transport = options.transport ?? transportFor(options);

  const api: ApiFetcher = async (args) => {
    const res = await transport.send({
      url: args.path,
      method: args.method,
      headers: args.headers,
      body: () => args.body,
      credentialRoute: CREDENTIAL_ROUTES.has(args.route),
    });
    return declared(args.route, await readResponse(res, args));
  };

  const args: RestClientArgs = { baseUrl, api, validateResponse: options.validateResponse };
  return initClient(contract, args);
}

function declared(route: AppRoute, res: RawResponse): RawResponse {
  if (String(res.status) in route.responses) return res;
  throw new GatewayError(res.status, res.body);
}
