import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { SessionsService } from '../service';

export const createSession = (sessions: SessionsService) =>
  s.route(contract.sessions.createSession, async ({ req, body }) => ({
    status: 201,
    body: await sessions.create(principalOf(req), body),
  }));
