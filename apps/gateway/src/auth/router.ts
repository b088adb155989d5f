import { contract } from '@cyrene/contracts';
import type { RequestHandler } from 'express';
import { s } from '../http/server';
import { getProfile } from './routes/get-profile';
import { login } from './routes/login';
import { refreshToken } from './routes/refresh-token';
import { register } from './routes/register';
import type { AuthService } from './service';

export function authRouter(
  auth: AuthService,
  opts: { registrationEnabled: boolean; rateLimit: RequestHandler },
) {
  return s.router(contract.auth, {
    register: register(auth, opts.registrationEnabled, opts.rateLimit),
    login: login(auth, opts.rateLimit),
    refresh: refreshToken(auth),
    getProfile: getProfile(auth),
  });
}
