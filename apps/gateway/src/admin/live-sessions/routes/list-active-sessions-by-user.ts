import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { LiveSessionsService } from '../service';

export const listActiveSessionsByUser = (sessions: LiveSessionsService) =>
  s.route(contract.admin.listActiveSessionsByUser, async () => ({
    status: 200,
    body: { users: await sessions.byUser() },
  }));
