import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/**
 * A stand-in for the gateway's auth endpoints on a real loopback socket: access tokens
 * `access-N`, single-use refresh tokens `refresh-N`, and a profile that needs a live token.
 */
export interface FakeGateway {
  url: string;
  requests: RecordedRequest[];
  /** How many times POST /auth/refresh was called. */
  refreshCalls(): number;
  /** Makes every access token issued so far answer 401. */
  expireAccessTokens(): void;
  /** Makes every refresh token issued so far answer 401. */
  revokeRefreshTokens(): void;
  /** Answers the next requests to `path` with this status and body instead. */
  override(path: string, status: number, body: unknown): void;
  /** Answers only the next `times` requests to `path` with this status (and headers), then as usual. */
  failNext(path: string, status: number, times: number, headers?: Record<string, string>): void;
  /** Delays every refresh answer, so concurrent requests overlap it. */
  refreshDelayMs: number;
  close(): Promise<void>;
}

export const FAKE_PASSWORD = 'correct horse';

export async function startFakeGateway(): Promise<FakeGateway> {
  let issued = 0;
  const liveAccess = new Set<string>();
  const liveRefresh = new Set<string>();
  const overrides = new Map<string, { status: number; body: unknown }>();
  const failures = new Map<string, { status: number; times: number; headers: Record<string, string> }>();
  const requests: RecordedRequest[] = [];

  const issue = () => {
    issued += 1;
    const pair = { token: `access-${issued}`, refresh_token: `refresh-${issued}`, expires: 2_000_000_000 };
    liveAccess.add(pair.token);
    liveRefresh.add(pair.refresh_token);
    return pair;
  };

  const fake: FakeGateway = {
    url: '',
    requests,
    refreshDelayMs: 0,
    refreshCalls: () => requests.filter((r) => r.path === '/api/v1/auth/refresh').length,
    expireAccessTokens: () => liveAccess.clear(),
    revokeRefreshTokens: () => liveRefresh.clear(),
    override: (path, status, body) => overrides.set(path, { status, body }),
    failNext: (path, status, times, headers = {}) => failures.set(path, { status, times, headers }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = await readJson(req);
    const authorization = req.headers.authorization;
    requests.push({ method: req.method ?? '', path, authorization, body });
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    const field = (name: string) =>
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;

    const failure = failures.get(path);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      res.writeHead(failure.status, {
        'content-type': 'application/json; charset=utf-8',
        ...failure.headers,
      });
      res.end(JSON.stringify({ error: '服务暂不可用', errorType: 'service_unavailable' }));
      return;
    }
    const override = overrides.get(path);
    if (override) return send(res, override.status, override.body);
    if (req.method === 'GET' && path === '/api/v1/health') {
      return send(res, 200, { status: 'ok', service: 'cyrene-gateway', ws_connections: 0 });
    }
    if (req.method === 'POST' && path === '/api/v1/auth/login') {
      if (field('password') !== FAKE_PASSWORD) {
        return send(res, 401, {
          error: '用户名或密码错误',
          errorType: 'unauthorized',
          hint: '检查用户名和密码',
        });
      }
      return send(res, 200, { ...issue(), user_id: `user_${String(field('username'))}`, nickname: 'Nick' });
    }
    if (req.method === 'POST' && path === '/api/v1/auth/refresh') {
      await new Promise((resolve) => setTimeout(resolve, fake.refreshDelayMs));
      const presented = field('refresh_token');
      if (typeof presented !== 'string' || !liveRefresh.delete(presented)) {
        return send(res, 401, { error: 'Token 无效或已过期', errorType: 'unauthorized' });
      }
      return send(res, 200, issue());
    }
    if (req.method === 'GET' && path === '/api/v1/profile') {
      if (!bearer || !liveAccess.has(bearer)) {
        return send(res, 401, { error: 'Token 无效或已过期', errorType: 'unauthorized' });
      }
      const profile = { user_id: 'user_alice', username: 'alice', nickname: 'Nick', is_admin: false };
      return send(res, 200, { ...profile, created_at: '2025-01-01T00:00:00Z' });
    }
    send(res, 404, { error: '资源不存在', errorType: 'not_found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
