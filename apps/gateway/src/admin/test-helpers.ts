import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../logging/logger';
import { type CallOptions, call, type RawResponse } from '../testing/http';
import { TEST_ADMIN, type TestGateway } from '../testing/test-gateway';

/** Signs in the administrator and registers (and signs in) a normal user. */
export async function adminAndUser(gw: TestGateway, username = 'alice') {
  const admin = await call<{ token: string }>(gw.url, 'POST', '/api/v1/auth/login', { body: TEST_ADMIN });
  const user = await call<{ token: string; user_id: string }>(gw.url, 'POST', '/api/v1/auth/register', {
    body: {
      username,
      password: `secret-${username}`,
      email: `${username}@example.com`,
      nickname: username,
      verify_code: '000000',
    },
  });
  if (admin.status !== 200 || user.status !== 201)
    throw new Error(`sign-in failed: ${admin.text} ${user.text}`);
  return { adminToken: admin.body.token, userToken: user.body.token, userId: user.body.user_id };
}

/**
 * Calls /api/v1 and keeps every response's text, so a test can assert that something (a
 * provider key) never appeared in any of them.
 */
export function recordingClient(gw: TestGateway, token: string) {
  const texts: string[] = [];
  const api = async <T = unknown>(method: string, path: string, options: CallOptions = {}) => {
    const res: RawResponse<T> = await call<T>(gw.url, method, `/api/v1${path}`, { token, ...options });
    texts.push(res.text);
    return res;
  };
  return { api, texts };
}

/** The real logger (same redaction as production) writing into an array instead of stdout. */
export function capturedLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}

export type FakeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1, answering with `handler`; records what it was sent. */
export async function startFakeServer(handler: FakeHandler) {
  const received: { url: string; authorization: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    received.push({ url: req.url ?? '', authorization: req.headers.authorization });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
