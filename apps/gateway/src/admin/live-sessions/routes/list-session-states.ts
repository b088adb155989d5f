import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { LiveSessionsService } from '../service';

export const listSessionStates = (sessions: LiveSessionsService) =>
  s.route(contract.admin.listSessionStates, async () => {
    const states = await sessions.list();
    return { status: 200, body: { sessions: states, total: states.length } };
  });
