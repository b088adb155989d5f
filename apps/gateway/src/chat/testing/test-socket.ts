import type { ServerFrame } from '@cyrene/contracts';
import WebSocket from 'ws';

export interface OpenOptions {
  token?: string;
  /** Sent as `Authorization: Bearer` instead of `?token=`. */
  bearer?: string;
  query?: Record<string, string>;
  path?: string;
  /** Answer the server's pings (default true); false plays a dead client. */
  autoPong?: boolean;
  /** More headers on the upgrade request (e.g. `traceparent`). */
  headers?: Record<string, string>;
}

function wsUrl(baseUrl: string, options: OpenOptions): string {
  const url = new URL(options.path ?? '/ws/chat', baseUrl.replace(/^http/, 'ws'));
  if (options.token) url.searchParams.set('token', options.token);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/** A WebSocket client for tests: every frame it receives is kept; `next` waits for the next match. */
export class TestSocket {
  readonly frames: ServerFrame[] = [];
  /** How many pings the server sent (the heartbeat). */
  pings = 0;
  private cursor = 0;
  private listeners = new Set<() => void>();
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('ping', () => this.pings++);
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      for (const l of this.listeners) l();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  static open(baseUrl: string, options: OpenOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(wsUrl(baseUrl, options), {
      headers: {
        ...options.headers,
        ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      },
      autoPong: options.autoPong ?? true,
    });
    const socket = new TestSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (after the last one `next` returned) that matches; waits up to `timeoutMs`. */
  next<T extends ServerFrame['type']>(
    type: T,
    match: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<ServerFrame, { type: T }>> {
    return new Promise((resolve, reject) => {
      const look = () => {
        for (let i = this.cursor; i < this.frames.length; i++) {
          const f = this.frames[i] as ServerFrame;
          if (f.type === type && match(f as Extract<ServerFrame, { type: T }>)) {
            this.cursor = i + 1;
            done();
            resolve(f as Extract<ServerFrame, { type: T }>);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(look);
      };
      this.listeners.add(look);
      look();
    });
  }

  /** Frames received so far with a seq, in arrival order. */
  sequenced(): Array<ServerFrame & { seq: number }> {
    return this.frames.filter(
      (f): f is ServerFrame & { seq: number } => typeof (f as { seq?: unknown }).seq === 'number',
    );
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}

/** An upgrade the server refuses: its HTTP status and JSON body. */
export function refusedUpgrade(
  baseUrl: string,
  options: OpenOptions = {},
): Promise<{ status: number; body: unknown }> {
  const ws = new WebSocket(wsUrl(baseUrl, options), {
    headers: options.bearer ? { authorization: `Bearer ${options.bearer}` } : {},
  });
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        ws.terminate();
      });
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('error', () => {});
  });
}
