import { createServer, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '@cyrene/contracts';
import type { Express } from 'express';

/** What Node's HTTP parser refused, answered in the spec's error shape as Node's own statuses. */
function refusalOf(code: string | undefined): { status: number; body: ErrorBody } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        body: { error: '请求头过大', errorType: 'payload_too_large', hint: 'URL 与请求头合计不能超过 16 KB' },
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, body: { error: '请求体过大', errorType: 'payload_too_large' } };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, body: { error: '请求超时', hint: '请求头或请求体发送得太慢' } };
    default:
      return {
        status: 400,
        body: { error: '请求格式无效', errorType: 'validation_failed', ...(code ? { hint: code } : {}) },
      };
  }
}

/**
 * Requests Node refuses before Express sees them (a header too large, a NUL in a header, a broken
 * request line) get a JSON body like every other refusal, instead of Node's bare status line.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, body } = refusalOf(err.code);
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

/** The gateway's HTTP server: the app, with parser-level refusals in the spec's shape. */
export function createHttpServer(app: Express): Server {
  return createServer(app).on('clientError', answerClientError);
}
