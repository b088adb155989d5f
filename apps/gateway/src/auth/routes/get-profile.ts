import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { AuthService } from '../service';

export const getProfile = (auth: AuthService) =>
  s.route(contract.auth.getProfile, async ({ req }) => ({
    status: 200,
    body: await auth.profile(principalOf(req)),
  }));
