import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../logging/logger';
import { type CallOptions, call, type RawResponse } from '../testing/http';
import type { TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../testing/users';

/** Signs in the administrator and registers (and signs in) a normal user. */
export async function adminAndUser(gw: TestGateway, username = 'alice') {
  const adminToken = await signInTestAdmin(gw.url);
  const user = await registerTestUser(gw.url, username);
  return { adminToken, userToken: user.token, userId: user.userId };
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
