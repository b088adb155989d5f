import type { Reminder } from '@cyrene/contracts';
import type { ReminderRow } from '../db/schema';

/** Rows → contract types for reminders. */
export function toReminder(row: ReminderRow): Reminder {
  return {
    id: row.id,
    user_id: row.user_id,
    title: row.title,
    description: row.description,
    remind_at: row.remind_at.toISOString(),
    status: row.status,
    repeat_type: row.repeat_type,
    session_id: row.session_id,
    notified: row.notified,
    created_at: row.created_at.toISOString(),
    completed_at: row.completed_at ? row.completed_at.toISOString() : null,
    timezone: row.timezone,
  };
}
