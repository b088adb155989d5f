import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { SessionsService } from '../service';

export const listSessions = (sessions: SessionsService) =>
  s.route(contract.sessions.listSessions, async ({ req, query }) => ({
    status: 200,
    body: { sessions: await sessions.list(principalOf(req), query.user_id) },
  }));
