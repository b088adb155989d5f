import { contract } from '@cyrene/contracts';
import { initClient } from '@ts-rest/core';
import { type FetchLike, sendRequest } from './http';
import type { StoredTokens, TokenStore } from './token-store';

export interface RefresherOptions {
  baseUrl: string;
  fetch: FetchLike;
  tokens: TokenStore;
  onTokens?: (tokens: StoredTokens | null) => void;
}

/**
 * Given the tokens a request was sent with, resolves to tokens worth retrying with, or null.
 * Every caller holding the same stale access token shares one call to `/auth/refresh`:
 * refresh tokens are single use, so a second call would revoke the whole login.
 */
export type Refresher = (stale: StoredTokens) => Promise<StoredTokens | null>;

/** Statuses by which the gateway says the login is over; anything else may be passing. */
const LOGIN_ENDED = new Set([400, 401, 403]);

export function createRefresher(options: RefresherOptions): Refresher {
  const { tokens, onTokens } = options;
  const auth = initClient(contract.auth, {
    baseUrl: options.baseUrl,
    api: (args) => sendRequest(options.fetch, args, args.headers),
  });

  async function refresh(stale: StoredTokens): Promise<StoredTokens | null> {
    const current = tokens.get();
    if (!current) return null;
    // Someone else already renewed (or replaced) the tokens: retry with theirs.
    if (current.token !== stale.token) return current;
    if (!current.refresh_token && !current.token) return null;
    const res = await auth.refresh(
      current.refresh_token
        ? { body: { refresh_token: current.refresh_token } }
        : { body: undefined, headers: { authorization: `Bearer ${current.token}` } },
    );
    if (res.status === 200) {
      const next: StoredTokens = {
        token: res.body.token,
        refresh_token: res.body.refresh_token,
        expires: res.body.expires,
      };
      tokens.set(next);
      onTokens?.(next);
      return next;
    }
    if (LOGIN_ENDED.has(res.status)) {
      tokens.clear();
      onTokens?.(null);
    }
    return null;
  }

  let last: { from: string; result: Promise<StoredTokens | null> } | undefined;
  return (stale) => {
    if (last?.from === stale.token) return last.result;
    const entry = { from: stale.token, result: refresh(stale) };
    last = entry;
    // Keep a successful renewal for late joiners; let a failed one be tried again later.
    const forget = () => {
      if (last === entry) last = undefined;
    };
    entry.result.then((next) => next ?? forget(), forget);
    return entry.result;
  };
}
