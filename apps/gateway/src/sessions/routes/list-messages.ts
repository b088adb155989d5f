import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { SessionsService } from '../service';

export const listMessages = (sessions: SessionsService) =>
  s.route(contract.sessions.listMessages, async ({ req, params, query }) => ({
    status: 200,
    body: { messages: await sessions.messages(principalOf(req), params.id, query.limit, query.offset) },
  }));
