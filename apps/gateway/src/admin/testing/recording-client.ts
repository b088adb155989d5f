import { type CallOptions, call, type RawResponse } from '../../testing/http';
import type { TestGateway } from '../../testing/test-gateway';

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
