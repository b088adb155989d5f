import { type Contract, contract } from '@cyrene/contracts';
import {
  type ApiFetcher,
  type ApiFetcherArgs,
  type AppRoute,
  type InitClientReturn,
  initClient,
} from '@ts-rest/core';
import { GatewayError } from './errors';
import { type FetchLike, globalFetch, type RawResponse, sendRequest } from './http';
import { createRefresher } from './refresh';
import type { StoredTokens, TokenStore } from './token-store';

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

/**
 * A ts-rest client over the whole contract that sends `authorization: Bearer <token>` from
 * `tokens`, and on a 401 renews the tokens once through `/auth/refresh` and retries once.
 * A status the route does not declare throws a {@link GatewayError}.
 */
export function createRestClient(options: RestClientOptions): RestClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalFetch;
  const { tokens } = options;
  const refresh = createRefresher({ baseUrl, fetch: fetchImpl, tokens, onTokens: options.onTokens });

  const send = (args: ApiFetcherArgs, auth: StoredTokens | null) =>
    sendRequest(
      fetchImpl,
      args,
      auth?.token ? { ...args.headers, authorization: `Bearer ${auth.token}` } : args.headers,
    );

  const api: ApiFetcher = async (args) => {
    // A caller who sets the header themselves gets exactly that request.
    const sent = 'authorization' in args.headers ? null : tokens.get();
    const first = await send(args, sent);
    if (first.status !== 401 || !sent || CREDENTIAL_ROUTES.has(args.route))
      return declared(args.route, first);
    const renewed = await refresh(sent);
    if (!renewed) return declared(args.route, first);
    return declared(args.route, await send(args, renewed));
  };

  const args: RestClientArgs = { baseUrl, api, validateResponse: options.validateResponse };
  return initClient(contract, args);
}

function declared(route: AppRoute, res: RawResponse): RawResponse {
  if (String(res.status) in route.responses) return res;
  throw new GatewayError(res.status, res.body);
}
