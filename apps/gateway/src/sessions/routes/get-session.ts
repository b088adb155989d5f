import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { SessionsService } from '../service';

export const getSession = (sessions: SessionsService) =>
  s.route(contract.sessions.getSession, async ({ req, params }) => ({
    status: 200,
    body: await sessions.get(principalOf(req), params.id),
  }));
