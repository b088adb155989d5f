import type { RouteAuth, RouteMetadata } from '@cyrene/contracts';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from './api-error';
import { ADMIN_USER_ID, type Principal } from './principal';

/** The bearer token of a request: `Authorization: Bearer …`, or `?token=` where allowed (WebSocket). */
export function bearerToken(req: Pick<Request, 'headers'>, queryToken?: string): string | undefined {
  const header = req.headers.authorization;
  const fromHeader = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  return fromHeader ?? (queryToken || undefined);
}

/** A route's `auth` level from its metadata; a route that declares none needs a signed-in user. */
export function routeAuth(metadata: unknown): RouteAuth {
  return (metadata as Partial<RouteMetadata> | undefined)?.auth ?? 'user';
}

/**
 * What the guard needs of the token signer (auth/tokens.ts implements it): the claims of a
 * genuine, unexpired access token. Declared here so http/ depends on no domain.
 */
export interface AccessTokenVerifier {
  verifyAccess(
    token: string,
  ): Promise<{ ok: true; claims: { userId: string; username: string; generation: string } } | { ok: false }>;
}

/**
 * What the guard needs of the login generations (auth/login-generations.ts implements it): an
 * account's current generation, which a token must carry to be accepted.
 */
export interface LoginGenerationSource {
  current(userId: string): Promise<string | undefined>;
}

/**
 * The one auth guard: turns a token into a Principal, and enforces a route's `auth` level.
 * Used by every REST route (as ts-rest global middleware) and by the WebSocket upgrade.
 */
export class AuthGuard {
  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly generations: LoginGenerationSource,
  ) {}

  /**
   * A genuine, unexpired access token of the account's current login generation: one issued
   * before a password reset (or, for the administrator, before ADMIN_PASSWORD or ADMIN_USERNAME
   * changed) is refused although its signature and `exp` are fine.
   */
  async authenticate(token: string | undefined): Promise<Principal> {
    if (!token) throw new ApiError('unauthorized', '未提供认证令牌');
    const verdict = await this.tokens.verifyAccess(token);
    if (!verdict.ok)
      throw new ApiError('unauthorized', '认证令牌无效或已过期', '请重新登录或调用 /api/v1/auth/refresh');
    const { userId, username, generation } = verdict.claims;
    if ((await this.generations.current(userId)) !== generation)
      throw new ApiError('unauthorized', '登录已失效,请重新登录', '密码已更改或账号已不存在');
    return { userId, username, isAdmin: userId === ADMIN_USER_ID };
  }

  /** Throws 403 admin_only unless the caller is the administrator. */
  requireAdmin(principal: Principal): void {
    if (!principal.isAdmin) throw new ApiError('admin_only', '仅限管理员操作');
  }

  /**
   * Lets a request through to a route of the given `auth` level, setting `req.principal` for
   * 'user' and 'admin'; throws 401/403 otherwise. Used by the REST middleware and by tRPC.
   */
  async admit(req: Request, auth: RouteAuth): Promise<void> {
    if (auth === 'public' || auth === 'webhook') return;
    const principal = await this.authenticate(bearerToken(req));
    if (auth === 'admin') this.requireAdmin(principal);
    req.principal = principal;
  }

  /** Express middleware reading the matched route's metadata (set by ts-rest as req.tsRestRoute). */
  middleware() {
    return (req: Request & { tsRestRoute?: { metadata?: unknown } }, _res: Response, next: NextFunction) => {
      this.admit(req, routeAuth(req.tsRestRoute?.metadata)).then(() => next(), next);
    };
  }
}
