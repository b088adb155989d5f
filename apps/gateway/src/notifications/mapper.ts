import type {
  NotificationFrame,
  NotificationType,
  PushedNotification,
  StoredNotification,
} from '@cyrene/contracts';
import type { NotificationRow } from '../db/schema';

/** Rows → contract types for notifications: the one place a row becomes what clients see. */
export function toStoredNotification(row: NotificationRow): StoredNotification {
  return {
    id: row.id,
    user_id: row.user_id,
    type: row.type as NotificationType,
    title: row.title,
    body: row.body,
    data: row.data,
    timestamp: row.created_at.toISOString(),
    read_at: row.read_at ? row.read_at.toISOString() : null,
  };
}

export function toPushedNotification(row: NotificationRow, delivered: boolean): PushedNotification {
  return {
    id: row.id,
    type: row.type as NotificationType,
    title: row.title,
    user_id: row.user_id,
    timestamp: row.created_at.toISOString(),
    delivered,
  };
}

/** The WebSocket frame (ServerFrame `notification`). */
export function toNotificationFrame(row: NotificationRow, now: Date): NotificationFrame {
  return {
    type: 'notification',
    notification: {
      id: row.id,
      type: row.type as NotificationType,
      title: row.title,
      body: row.body,
      timestamp: row.created_at.toISOString(),
      data: row.data,
    },
    timestamp: now.getTime(),
  };
}
