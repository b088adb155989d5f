import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { createReminder } from './routes/create-reminder';
import { deleteReminder } from './routes/delete-reminder';
import { listReminders } from './routes/list-reminders';
import { updateReminder } from './routes/update-reminder';
import type { RemindersService } from './service';

export function remindersRouter(reminders: RemindersService) {
  return s.router(contract.reminders, {
    listReminders: listReminders(reminders),
    createReminder: createReminder(reminders),
    updateReminder: updateReminder(reminders),
    deleteReminder: deleteReminder(reminders),
  });
}
