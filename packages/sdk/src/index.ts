import type { AuthSession } from '@cyrene/contracts';
import { unwrap } from './errors';
import type { FetchLike } from './http';
import { createRestClient, type RestClient } from './rest-client';
import { createMemoryTokenStore, type StoredTokens, type TokenStore } from './token-store';
export {
  type AskOptions,
  ChatError,
  ChatReply,
  type ChatReplyResult,
  ChatSocket,
  type ChatSocketOptions,
  type ChatSocketState,
  createChatSocket,
  type ReconnectOptions,
  type WebSocketConstructor,
  type WebSocketLike,
} from './ws-client';

export * from '@cyrene/contracts';
export { type AnyResponse, GatewayError, unwrap } from './errors';
export type { FetchLike } from './http';
export { createRestClient, type RestClient, type RestClientOptions } from './rest-client';
export {
  createMemoryTokenStore,
  createStorageTokenStore,
  type StoredTokens,
  type TokenStorage,
  type TokenStore,
} from './token-store';

export interface GatewayClientOptions {
  /** Where the gateway listens, e.g. `http://localhost:8080`. */
  baseUrl: string;
  /** An access token to start with. */
  token?: string;
  /** A refresh token to start with. */
  refreshToken?: string;
  /** Called whenever the tokens change: after login and refresh, and with `null` on logout or a failed refresh. */
  onTokens?: (tokens: StoredTokens | null) => void;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Defaults to memory; see `createStorageTokenStore` for localStorage. */
  tokenStore?: TokenStore;
  /** Parse every response body with its contract schema. */
  validateResponse?: boolean;
}

export interface GatewayClient {
  /** One typed function per route of the API; resolves to `{ status, body, headers }`. */
  rest: RestClient;
  /** Signs in, keeps the tokens, and returns the session; throws `GatewayError` on failure. */
  login(username: string, password: string): Promise<AuthSession>;
  /** Forgets the tokens. */
  logout(): Promise<void>;
  tokens: TokenStore;
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const tokens = options.tokenStore ?? createMemoryTokenStore();
  if (options.token || options.refreshToken) {
    tokens.set({ token: options.token ?? '', refresh_token: options.refreshToken });
  }
  const rest = createRestClient({
    baseUrl: options.baseUrl,
    tokens,
    onTokens: options.onTokens,
    fetch: options.fetch,
    validateResponse: options.validateResponse,
  });

  return {
    rest,
    tokens,
    async login(username, password) {
      const session = unwrap(await rest.auth.login({ body: { username, password } }), 200);
      const next: StoredTokens = {
        token: session.token,
        refresh_token: session.refresh_token,
        expires: session.expires,
      };
      tokens.set(next);
      options.onTokens?.(next);
      return session;
    },
    async logout() {
      tokens.clear();
      options.onTokens?.(null);
    },
  };
}
