import { type ApiFetcherArgs, isZodType } from '@ts-rest/core';

/** The `fetch` the SDK calls: the global one by default, or any compatible implementation. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RawResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Calls the global fetch at call time, so it is never detached from `window` and can be replaced. */
export const globalFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/**
 * Sends one request the way ts-rest's own `tsRestFetchApi` does, through the given `fetch`:
 * JSON bodies parsed (and validated against the contract when asked), text as text, anything
 * else as a Blob, and no body at all for 204/205.
 */
export async function sendRequest(
  fetchImpl: FetchLike,
  args: ApiFetcherArgs,
  headers: Record<string, string>,
): Promise<RawResponse> {
  const res = await fetchImpl(args.path, {
    ...args.fetchOptions,
    method: args.method,
    headers,
    body: args.body,
  });
  return readResponse(res, args);
}

/** A fetch Response as ts-rest's client returns it: `{ status, body, headers }`. */
export async function readResponse(res: Response, args: ApiFetcherArgs): Promise<RawResponse> {
  const body = await readBody(res);
  const schema: unknown = args.route.responses[res.status];
  const validate = args.validateResponse ?? args.route.validateResponseOnClient ?? false;
  if (validate && isZodType(schema)) {
    return { status: res.status, body: schema.parse(body), headers: res.headers };
  }
  return { status: res.status, body, headers: res.headers };
}

/** A response body: JSON parsed, text as text, anything else as a Blob. */
export async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204 || res.status === 205) return undefined;
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.includes('application/') && contentType.includes('json')) {
    const text = await res.text();
    return text === '' ? undefined : JSON.parse(text);
  }
  if (contentType.includes('text/')) return res.text();
  return res.blob();
}
