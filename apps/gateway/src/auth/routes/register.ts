import { contract } from '@cyrene/contracts';
import type { RequestHandler } from 'express';
import { ApiError } from '../../http/api-error';
import { s } from '../../http/server';
import type { AuthService } from '../service';

/** Closed registration answers 403 before the body is even looked at. */
const registrationOpen =
  (enabled: boolean): RequestHandler =>
  (_req, _res, next) =>
    next(enabled ? undefined : new ApiError('forbidden', '当前不开放公开注册', '请联系管理员开通账号'));

export const register = (auth: AuthService, enabled: boolean, rateLimit: RequestHandler) =>
  s.route(contract.auth.register, {
    middleware: [rateLimit, registrationOpen(enabled)],
    handler: async ({ body }) => ({ status: 201, body: await auth.register(body) }),
  });
