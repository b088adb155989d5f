import type { FetchLike } from './http';
import type { Refresher } from './refresh';
import type { StoredTokens, TokenStore } from './token-store';

/** How idempotent calls (GET, PUT, DELETE) are retried when the gateway answers 502 or 503. */
export interface RetryOptions {
  /** Retries after the first try (default 2; 0 turns retrying off). */
  retries?: number;
  /** Wait before the first retry (default 300 ms); doubled each time, with jitter. */
  initialDelayMs?: number;
  /** Longest wait, also for a `Retry-After` the gateway sends (default 5 s). */
  maxDelayMs?: number;
}

/** One request as the transport sends it. */
export interface OutgoingRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Makes the body, once per attempt (a stream can be sent only once). */
  body?: () => BodyInit | null | undefined;
  /** false: the body cannot be made again, so the request is never repeated (no refresh, no retry). */
  replayable?: boolean;
  /** A login, registration or refresh: a 401 there means wrong credentials, never an expired token. */
  credentialRoute?: boolean;
  /** How to send it (default: the client's fetch; browsers' uploads use XMLHttpRequest). */
  send?: FetchLike;
}

export interface Transport {
  /** Sends with the bearer token; renews it once on a 401; retries idempotent calls on 502/503. */
  send(request: OutgoingRequest): Promise<Response>;
  /** The current tokens, renewed first when the access token has expired or is about to. */
  freshTokens(): Promise<StoredTokens | null>;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const PASSING = new Set([502, 503]);
/** An access token this close to its expiry is renewed before a request that cannot be repeated. */
const EXPIRY_MARGIN_MS = 30_000;

export interface TransportOptions {
  fetch: FetchLike;
  tokens: TokenStore;
  refresh: Refresher;
  retry?: RetryOptions | false;
  /** How a retry waits (tests pass one that records the wait instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or undefined. */
function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The wait before retry number `n` (0-based): exponential with jitter, or what the gateway asked. */
export function retryDelayMs(n: number, retryAfter: string | null, options: RetryOptions = {}): number {
  const max = options.maxDelayMs ?? 5_000;
  const asked = retryAfterMs(retryAfter);
  if (asked !== undefined) return Math.min(max, asked);
  const base = Math.min(max, (options.initialDelayMs ?? 300) * 2 ** n);
  return base * (0.5 + Math.random() / 2);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Throws away a body nobody will read, so the connection can be reused. */
async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => {});
}

export function createTransport(options: TransportOptions): Transport {
  const { tokens, refresh } = options;
  const retry = options.retry === false ? { retries: 0 } : (options.retry ?? {});
  const sleep = options.sleep ?? realSleep;

  const sendOnce = (request: OutgoingRequest, auth: StoredTokens | null): Promise<Response> => {
    const headers = auth?.token
      ? { ...request.headers, authorization: `Bearer ${auth.token}` }
      : request.headers;
    const body = request.body?.() ?? undefined;
    // Node's fetch sends a stream body only in half-duplex mode, and says so explicitly.
    const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, body };
    if (body instanceof ReadableStream) init.duplex = 'half';
    return (request.send ?? options.fetch)(request.url, init);
  };

  const attempt = async (request: OutgoingRequest): Promise<Response> => {
    // A caller who sets the header themselves gets exactly that request.
    const sent = 'authorization' in request.headers ? null : tokens.get();
    const first = await sendOnce(request, sent);
    if (first.status !== 401 || !sent || request.credentialRoute || request.replayable === false)
      return first;
    const renewed = await refresh(sent);
    if (!renewed) return first;
    await discard(first);
    return sendOnce(request, renewed);
  };

  return {
    async send(request) {
      const repeatable = IDEMPOTENT.has(request.method.toUpperCase()) && request.replayable !== false;
      const retries = repeatable ? Math.max(0, retry.retries ?? 2) : 0;
      for (let n = 0; ; n++) {
        const res = await attempt(request);
        if (n >= retries || !PASSING.has(res.status)) return res;
        await discard(res);
        await sleep(retryDelayMs(n, res.headers.get('retry-after'), retry));
      }
    },
    async freshTokens() {
      const current = tokens.get();
      if (!current?.expires || current.expires * 1000 - Date.now() > EXPIRY_MARGIN_MS) return current;
      return (await refresh(current)) ?? tokens.get();
    },
  };
}
