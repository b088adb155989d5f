import { contract } from '@cyrene/contracts';
import type { RequestHandler } from 'express';
import { ApiError } from '../http/api-error';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import type { AuthService } from './service';

/** Closed registration answers 403 before the body is even looked at. */
const registrationOpen =
  (enabled: boolean): RequestHandler =>
  (_req, _res, next) =>
    next(enabled ? undefined : new ApiError('forbidden', '当前不开放公开注册', '请联系管理员开通账号'));

export function authRouter(
  auth: AuthService,
  opts: { registrationEnabled: boolean; rateLimit: RequestHandler },
) {
  return s.router(contract.auth, {
    register: {
      middleware: [opts.rateLimit, registrationOpen(opts.registrationEnabled)],
      handler: async ({ body }) => ({ status: 201, body: await auth.register(body) }),
    },
    login: {
      middleware: [opts.rateLimit],
      handler: async ({ body }) => ({ status: 200, body: await auth.login(body) }),
    },
    refresh: async ({ body, headers }) => ({
      status: 200,
      body: await auth.refresh(body?.refresh_token, headers.authorization),
    }),
    getProfile: async ({ req }) => ({
      status: 200,
      body: await auth.profile(principalOf(req)),
    }),
  });
}
