import { ApiError } from '../http/api-error';

/*
 * Server-Sent Events over a streaming HTTP response, for the chat upstreams (AI-Core and
 * OpenAI-compatible providers). The parser follows the WHATWG event-stream rules: lines end in
 * CRLF, LF or CR (a CRLF split across two chunks is one line end), `data:` lines of one event
 * are joined with "\n", lines starting with ":" are comments, a blank line dispatches.
 */

export interface SseEvent {
  /** The `event:` field; "message" when absent. */
  event: string;
  data: string;
  id?: string;
}

/** Largest event (or unterminated line) kept in memory, in characters. */
const DEFAULT_MAX_EVENT_CHARS = 1_000_000;

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private dataChars = 0;
  private event = '';
  private lastId: string | undefined;
  private started = false;

  constructor(private readonly maxEventChars = DEFAULT_MAX_EVENT_CHARS) {}

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): SseEvent[] {
    let input = text;
    if (!this.started && input.length > 0) {
      this.started = true;
      if (input.startsWith('\uFEFF')) input = input.slice(1);
    }
    this.buffer += input;
    const events: SseEvent[] = [];
    let start = 0;
    const eol = /[\r\n]/g;
    for (;;) {
      eol.lastIndex = start;
      const match = eol.exec(this.buffer);
      if (!match) break;
      const at = match.index;
      let next = at + 1;
      if (this.buffer[at] === '\r') {
        // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
        if (next === this.buffer.length) break;
        if (this.buffer[next] === '\n') next++;
      }
      const event = this.line(this.buffer.slice(start, at));
      if (event) events.push(event);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
    if (this.buffer.length + this.dataChars > this.maxEventChars) {
      throw new ApiError('upstream_error', '上游事件过大', `单个 SSE 事件超过 ${this.maxEventChars} 个字符`);
    }
    return events;
  }

  /**
   * The stream ended. A last event not followed by a blank line is still delivered (lenient:
   * some servers close right after `data: [DONE]\n`).
   */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    const rest = this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer;
    this.buffer = '';
    if (rest !== '') {
      const event = this.line(rest);
      if (event) events.push(event);
    }
    const last = this.dispatch();
    if (last) events.push(last);
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.data.push(value);
      this.dataChars += value.length + 1;
    } else if (field === 'event') {
      this.event = value;
    } else if (field === 'id' && !value.includes('\0')) {
      this.lastId = value;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const hasData = this.data.length > 0;
    const event: SseEvent = { event: this.event || 'message', data: this.data.join('\n') };
    if (this.lastId !== undefined) event.id = this.lastId;
    this.data = [];
    this.dataChars = 0;
    this.event = '';
    return hasData ? event : undefined;
  }
}

/** A text-generating upstream's stream, as the chat engine consumes it. */
export type TextStreamEvent =
  | { type: 'text'; text: string }
  | { type: 'finish'; reason: string }
  /** Tokens the upstream says the call used (OpenAI's `usage`, when the provider sends it). */
  | { type: 'usage'; inputTokens: number; outputTokens: number };

/**
 * Opening an upstream stream: either it answered 2xx (the events follow; they throw
 * ApiError('upstream_error') if the stream breaks) or it failed before any of them.
 */
export type StreamOpen<E> =
  | { ok: true; events: AsyncIterable<E> }
  | { ok: false; status?: number; reason: string };

export interface StreamRequest {
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  /** Until the response headers arrive. */
  connectTimeoutMs: number;
  /** Longest silence while reading the body (any byte, a comment too, counts as activity). */
  idleTimeoutMs: number;
  /** The caller's: aborting it ends everything and rethrows its reason. */
  signal?: AbortSignal;
}

/** A response whose body is read with the idle timeout; close() ends the connection. */
export interface OpenedResponse {
  status: number;
  contentType: string;
  /** The body as SSE events. */
  events(): AsyncGenerator<SseEvent>;
  /** The body as text, at most `maxBytes`. */
  text(maxBytes: number): Promise<string>;
  close(): void;
}

function networkReason(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `连接失败 (${cause.code})`;
  if (cause?.message) return `连接失败 (${cause.message})`;
  return `连接失败 (${e instanceof Error ? e.message : String(e)})`;
}

/**
 * POSTs and waits for the response headers within the connect timeout. Never follows a
 * redirect (a key must not travel to another host). A network failure or timeout is returned
 * as `{ok:false}`; only the caller's own abort is thrown.
 */
export async function openResponse(
  url: string,
  req: StreamRequest,
): Promise<{ ok: true; response: OpenedResponse } | { ok: false; reason: string }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, reason: `地址无效: ${url}` };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { ok: false, reason: `不支持的 URL 协议: ${target.protocol}` };
  }
  const controller = new AbortController();
  let timedOut: string | undefined;
  const onCallerAbort = () => controller.abort(req.signal?.reason);
  req.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const release = () => req.signal?.removeEventListener('abort', onCallerAbort);
  if (req.signal?.aborted) controller.abort(req.signal.reason);

  const connectTimer = setTimeout(() => {
    timedOut = `连接超时 (${req.connectTimeoutMs} ms)`;
    controller.abort();
  }, req.connectTimeoutMs);
  let res: Response;
  try {
    res = await fetch(target, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'error',
      signal: controller.signal,
    });
  } catch (e) {
    release();
    if (req.signal?.aborted) throw req.signal.reason;
    return { ok: false, reason: timedOut ?? networkReason(e) };
  } finally {
    clearTimeout(connectTimer);
  }

  let idleTimer: NodeJS.Timeout | undefined;
  const stopIdle = () => clearTimeout(idleTimer);
  const touch = () => {
    stopIdle();
    idleTimer = setTimeout(() => {
      timedOut = `读取超时 (${req.idleTimeoutMs} ms 无数据)`;
      controller.abort();
    }, req.idleTimeoutMs);
  };
  const close = () => {
    stopIdle();
    release();
    controller.abort();
  };
  /** A read failure as the engine sees it: the caller's abort as is, anything else upstream_error. */
  const readFailure = (e: unknown): unknown => {
    if (req.signal?.aborted) return req.signal.reason;
    if (e instanceof ApiError) return e;
    return new ApiError('upstream_error', '上游连接中断', timedOut ?? networkReason(e));
  };

  async function* chunks(): AsyncGenerator<Uint8Array> {
    const body = res.body;
    if (!body) return;
    const reader = body.getReader();
    touch();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        touch();
        yield value;
      }
    } catch (e) {
      throw readFailure(e);
    } finally {
      stopIdle();
      reader.releaseLock();
    }
  }

  const response: OpenedResponse = {
    status: res.status,
    contentType: (res.headers.get('content-type') ?? '').toLowerCase(),
    async *events() {
      const parser = new SseParser();
      const decoder = new TextDecoder('utf-8');
      try {
        for await (const chunk of chunks()) yield* parser.push(decoder.decode(chunk, { stream: true }));
        yield* parser.push(decoder.decode());
        yield* parser.end();
      } finally {
        close();
      }
    },
    async text(maxBytes) {
      const parts: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of chunks()) {
          size += chunk.byteLength;
          if (size > maxBytes) break;
          parts.push(Buffer.from(chunk));
        }
      } finally {
        close();
      }
      return Buffer.concat(parts).toString('utf8');
    },
    close,
  };
  return { ok: true, response };
}

/** Most of a refusing upstream's body read to say why. */
const MAX_ERROR_BODY = 16 * 1024;

/**
 * A stream upstream that answered non-2xx: why, in its own words (`errorDetail` picks them
 * out of the body), as the failed opening the chat engine records.
 */
export async function refusedOpen(
  response: OpenedResponse,
  errorDetail: (body: string) => string,
): Promise<StreamOpen<never>> {
  const body = await response.text(MAX_ERROR_BODY).catch(() => '');
  return { ok: false, status: response.status, reason: statusReason(response.status, errorDetail(body)) };
}

/** Why an upstream answered non-2xx, from its status and (a piece of) its body. */
export function statusReason(status: number, detail: string | undefined): string {
  const text = detail?.replace(/\s+/g, ' ').trim().slice(0, 300);
  return text ? `HTTP ${status}: ${text}` : `HTTP ${status}`;
}
