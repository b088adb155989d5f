import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ClientsService } from '../service';

export const setClientNote = (clients: ClientsService) =>
  s.route(contract.admin.setClientNote, async ({ params, body }) => {
    await clients.setNote(params.id, body.note);
    return { status: 200, body: { status: 'ok', client_id: params.id, note: body.note } };
  });
