import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RemindersService } from '../service';

export const updateReminder = (reminders: RemindersService) =>
  s.route(contract.reminders.updateReminder, async ({ req, params, body }) => ({
    status: 200,
    body: { success: true, reminder: await reminders.update(principalOf(req), params.id, body) },
  }));
