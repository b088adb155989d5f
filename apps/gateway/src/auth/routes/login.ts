import { contract } from '@cyrene/contracts';
import type { RequestHandler } from 'express';
import { s } from '../../http/server';
import type { AuthService } from '../service';

export const login = (auth: AuthService, rateLimit: RequestHandler) =>
  s.route(contract.auth.login, {
    middleware: [rateLimit],
    handler: async ({ body }) => ({ status: 200, body: await auth.login(body) }),
  });
