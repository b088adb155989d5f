import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RemindersService } from '../service';

export const createReminder = (reminders: RemindersService) =>
  s.route(contract.reminders.createReminder, async ({ req, body }) => ({
    status: 201,
    body: { success: true, reminder: await reminders.create(principalOf(req), body) },
  }));
