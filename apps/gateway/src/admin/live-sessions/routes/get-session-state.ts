import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { LiveSessionsService } from '../service';

export const getSessionState = (sessions: LiveSessionsService) =>
  s.route(contract.admin.getSessionState, async ({ params }) => ({
    status: 200,
    body: await sessions.get(params.id),
  }));
