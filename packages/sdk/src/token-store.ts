/** The credentials the SDK sends: the access token, and the refresh token that renews it. */
export interface StoredTokens {
  token: string;
  refresh_token?: string;
  /** Access token expiry, Unix epoch seconds. */
  expires?: number;
}

/**
 * Where the client keeps its tokens. The default lives in memory; a browser app can plug in
 * {@link createStorageTokenStore} (localStorage / sessionStorage) or its own.
 */
export interface TokenStore {
  get(): StoredTokens | null;
  set(tokens: StoredTokens): void;
  clear(): void;
}

export function createMemoryTokenStore(initial: StoredTokens | null = null): TokenStore {
  let current = initial;
  return {
    get: () => current,
    set: (tokens) => {
      current = tokens;
    },
    clear: () => {
      current = null;
    },
  };
}

/** The part of the Web Storage API the SDK uses. */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Keeps the tokens as JSON under `key` in a Web Storage object, e.g. `window.localStorage`. */
export function createStorageTokenStore(storage: TokenStorage, key = 'cyrene.tokens'): TokenStore {
  return {
    get: () => parseTokens(storage.getItem(key)),
    set: (tokens) => storage.setItem(key, JSON.stringify(tokens)),
    clear: () => storage.removeItem(key),
  };
}

function parseTokens(raw: string | null): StoredTokens | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { token, refresh_token, expires } = value as Record<string, unknown>;
    if (typeof token !== 'string') return null;
    return {
      token,
      refresh_token: typeof refresh_token === 'string' ? refresh_token : undefined,
      expires: typeof expires === 'number' ? expires : undefined,
    };
  } catch {
    return null;
  }
}
