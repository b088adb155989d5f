import type { NotificationType } from '@cyrene/sdk';
import type { ToastKind } from '../ui/toasts';
import type { notificationsMessages } from './messages';

type MessageKey = keyof (typeof notificationsMessages)['zh'];

/** How each notification type looks as a toast: a reminder asks for attention, thinking is news. */
export const TOAST_KIND: Record<NotificationType, ToastKind> = {
  info: 'info',
  thinking: 'info',
  success: 'success',
  warning: 'warning',
  reminder: 'warning',
};

export const TYPE_LABEL: Record<NotificationType, MessageKey> = {
  info: 'typeInfo',
  warning: 'typeWarning',
  success: 'typeSuccess',
  thinking: 'typeThinking',
  reminder: 'typeReminder',
};
