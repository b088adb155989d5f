import { contract } from '@cyrene/contracts';
import { s } from '../../http/server';
import type { AuthService } from '../service';

export const refreshToken = (auth: AuthService) =>
  s.route(contract.auth.refresh, async ({ body, headers }) => ({
    status: 200,
    body: await auth.refresh(body?.refresh_token, headers.authorization),
  }));
