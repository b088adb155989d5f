import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { SessionsService } from '../service';

export const clearMessages = (sessions: SessionsService) =>
  s.route(contract.sessions.clearMessages, async ({ req, params }) => {
    await sessions.clearMessages(principalOf(req), params.id);
    return { status: 200, body: { status: 'cleared' } };
  });
