import type { FuzzRequest } from './bad-requests';

export interface FuzzResponse {
  status: number;
  contentType: string;
  text: string;
}

/** Sends one fuzz request; a reset, a hang (no answer in `timeoutMs`) or a transport error throws. */
export async function send(
  baseUrl: string,
  request: FuzzRequest,
  authorization: string | undefined,
  timeoutMs = 15_000,
): Promise<FuzzResponse> {
  const headers = { ...(authorization ? { authorization } : {}), ...request.headers };
  const res = await fetch(`${baseUrl}${request.target}`, {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : new Uint8Array(Buffer.from(request.body)),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'manual',
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The request as a reader can replay it. */
export function describeRequest(request: FuzzRequest): string {
  const body =
    request.body === undefined
      ? ''
      : `\n${(typeof request.body === 'string' ? request.body : request.body.toString('latin1')).slice(0, 400)}`;
  return `${request.method} ${request.target.slice(0, 300)} as ${request.principal} (${request.mutation})\n${JSON.stringify(request.headers)}${body}`;
}
