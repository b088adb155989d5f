/**
 * The part of a WebSocket the client uses: the browser's `WebSocket`, and the `ws` package's in
 * Node (Node 20 has no stable global one). Listeners are declared as methods so both
 * implementations' event types fit.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: (event: unknown) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** `readyState` of an open socket (the same constant everywhere). */
export const WS_OPEN = 1;

/** The WebSocket constructor of the environment, if it has one. */
export function globalWebSocket(): WebSocketConstructor | undefined {
  const candidate = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof candidate === 'function' ? (candidate as WebSocketConstructor) : undefined;
}

/** `http(s)://host` → `ws(s)://host/path?query`. */
export function socketUrl(baseUrl: string, path: string, query: Record<string, string | undefined>): string {
  const url = new URL(path, baseUrl.replace(/^http(s?):/i, 'ws$1:'));
  for (const [key, value] of Object.entries(query)) if (value) url.searchParams.set(key, value);
  return url.toString();
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `prefix` + 12 random characters, like the gateway's own session ids. */
export function randomId(prefix: string): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let id = prefix;
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}
