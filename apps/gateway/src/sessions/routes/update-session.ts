import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { SessionsService } from '../service';

export const updateSession = (sessions: SessionsService) =>
  s.route(contract.sessions.updateSession, async ({ req, params, body }) => ({
    status: 200,
    body: await sessions.rename(principalOf(req), params.id, body.title),
  }));
