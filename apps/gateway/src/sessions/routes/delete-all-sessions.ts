import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { SessionsService } from '../service';

export const deleteAllSessions = (sessions: SessionsService) =>
  s.route(contract.sessions.deleteAllSessions, async ({ req, query }) => {
    await sessions.deleteAll(principalOf(req), query.user_id);
    return { status: 200, body: { status: 'deleted' } };
  });
