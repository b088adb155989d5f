import { contract } from '@cyrene/contracts';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import type { RemindersService } from './service';

export function remindersRouter(reminders: RemindersService) {
  return s.router(contract.reminders, {
    listReminders: async ({ req, query }) => ({
      status: 200,
      body: await reminders.list(principalOf(req), query),
    }),
    createReminder: async ({ req, body }) => ({
      status: 201,
      body: { success: true, reminder: await reminders.create(principalOf(req), body) },
    }),
    updateReminder: async ({ req, params, body }) => ({
      status: 200,
      body: { success: true, reminder: await reminders.update(principalOf(req), params.id, body) },
    }),
    deleteReminder: async ({ req, params }) => {
      await reminders.delete(principalOf(req), params.id);
      return { status: 200, body: { success: true } };
    },
  });
}
