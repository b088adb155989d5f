import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { listNotifications } from './routes/list-notifications';
import { markAllNotificationsRead } from './routes/mark-all-notifications-read';
import { markNotificationRead } from './routes/mark-notification-read';
import { pushNotification } from './routes/push-notification';
import type { NotificationsService } from './service';

export function notificationsRouter(notifications: NotificationsService) {
  return s.router(contract.notifications, {
    pushNotification: pushNotification(notifications),
    listNotifications: listNotifications(notifications),
    markNotificationRead: markNotificationRead(notifications),
    markAllNotificationsRead: markAllNotificationsRead(notifications),
  });
}
