import type { Request, RequestHandler } from 'express';
import { type RateLimitInfo, rateLimit, type Store } from 'express-rate-limit';
import type { Clock } from '../clock/clock';
import { ApiError } from '../http/api-error';

/**
 * ~N requests per minute per client address for register and login. The key is `req.ip`,
 * which is the socket's peer address unless TRUST_PROXY makes Express read X-Forwarded-For.
 * Counted in `store` (the database on PostgreSQL, shared by every instance), else in this
 * app's memory (PGlite: one process).
 */
export function authRateLimit(perMinute: number, clock: Clock, store?: Store): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    ...(store ? { store } : {}),
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // TRUST_PROXY is the operator's explicit choice; both settings are deliberate here.
    validate: { xForwardedForHeader: false, trustProxy: false },
    handler: (req, _res, next) => {
      const info = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit;
      const reset = info?.resetTime?.getTime() ?? clock.now().getTime() + 60_000;
      const retryAfter = Math.max(1, Math.ceil((reset - clock.now().getTime()) / 1000));
      next(
        new ApiError('rate_limited', '请求过于频繁,请稍后再试', `请在 ${retryAfter} 秒后重试`, {
          'retry-after': String(retryAfter),
        }),
      );
    },
  });
}
