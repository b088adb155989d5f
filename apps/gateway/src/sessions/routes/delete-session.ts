import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { SessionsService } from '../service';

export const deleteSession = (sessions: SessionsService) =>
  s.route(contract.sessions.deleteSession, async ({ req, params }) => {
    await sessions.delete(principalOf(req), params.id);
    return { status: 200, body: { status: 'deleted' } };
  });
