import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a fake upstream received. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeUpstream {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Answers one request; what it returns is ignored (a rejected promise destroys the response). */
export type FakeHandler = (req: SeenRequest, res: ServerResponse) => unknown;

/**
 * A real HTTP server on 127.0.0.1:0 answering with `handler`, for tests that fake an upstream
 * (AI-Core, a model provider, a web site, a webhook receiver…). It reads each request whole
 * first (JSON parsed, anything else kept as UTF-8 text) and records it in `requests`.
 */
export async function startFakeUpstream(handler: FakeHandler): Promise<FakeUpstream> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(seen);
      Promise.resolve(handler(seen, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** `data: <json>\n\n` for each payload (strings are sent as they are). */
export function sse(payloads: unknown[]): string {
  return payloads.map((p) => `data: ${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`).join('');
}

/**
 * Writes `text` as UTF-8 in pieces of `size` bytes with a pause between them, so events (and
 * multi-byte characters) arrive split across TCP chunks.
 */
export async function writeInPieces(res: ServerResponse, text: string, size: number): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) {
    res.write(bytes.subarray(i, i + size));
    await pause(2);
  }
}

/** Starts an SSE answer (headers flushed at once). */
export function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

/** An OpenAI-compatible streamed completion of `parts`, then [DONE]. */
export function completionChunks(parts: string[], finishReason = 'stop'): string {
  return sse([
    { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant' } }] },
    { id: 'c1', choices: [{ index: 0, delta: { reasoning_content: '想一想' } }] },
    ...parts.map((content) => ({ id: 'c1', choices: [{ index: 0, delta: { content } }] })),
    { id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: finishReason }] },
    '[DONE]',
  ]);
}
