import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RemindersService } from '../service';

export const deleteReminder = (reminders: RemindersService) =>
  s.route(contract.reminders.deleteReminder, async ({ req, params }) => {
    await reminders.delete(principalOf(req), params.id);
    return { status: 200, body: { success: true } };
  });
