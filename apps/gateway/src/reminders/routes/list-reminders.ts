import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RemindersService } from '../service';

export const listReminders = (reminders: RemindersService) =>
  s.route(contract.reminders.listReminders, async ({ req, query }) => ({
    status: 200,
    body: await reminders.list(principalOf(req), query),
  }));
