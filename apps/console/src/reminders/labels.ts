import type { ReminderRepeatType, ReminderStatus } from '@cyrene/sdk';
import type { remindersMessages } from './messages';

type MessageKey = keyof (typeof remindersMessages)['zh'];

export const STATUS_LABEL: Record<ReminderStatus, MessageKey> = {
  pending: 'statusPending',
  completed: 'statusCompleted',
  cancelled: 'statusCancelled',
};

export const REPEAT_LABEL: Record<ReminderRepeatType, MessageKey> = {
  none: 'repeatNone',
  daily: 'repeatDaily',
  weekly: 'repeatWeekly',
  monthly: 'repeatMonthly',
};
