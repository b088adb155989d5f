import {
  createGatewayClient,
  createStorageTokenStore,
  type GatewayClient,
  type StoredTokens,
} from '@cyrene/sdk';
import { createContext, type ReactNode, useContext } from 'react';

/** The console's one gateway client: same origin, tokens in localStorage so a reload stays signed in. */
export function createConsoleClient(onTokens: (tokens: StoredTokens | null) => void): GatewayClient {
  return createGatewayClient({
    baseUrl: window.location.origin,
    tokenStore: createStorageTokenStore(window.localStorage),
    onTokens,
  });
}

const ApiContext = createContext<GatewayClient | null>(null);

export function ApiProvider({ client, children }: { client: GatewayClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

/** The gateway client: `api.rest.<area>.<operation>(…)`, uploads, downloads and the chat socket. */
export function useApi(): GatewayClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client;
}
