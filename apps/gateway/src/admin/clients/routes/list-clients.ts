import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ClientsService } from '../service';

export const listClients = (clients: ClientsService) =>
  s.route(contract.admin.listClients, async ({ query }) => {
    const list = await clients.list(query.user_id);
    return { status: 200, body: { clients: list, total: list.length } };
  });
