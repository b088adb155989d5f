import { contract } from '@cyrene/contracts';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import type { NotificationsService } from './service';

export function notificationsRouter(notifications: NotificationsService) {
  return s.router(contract.notifications, {
    pushNotification: async ({ req, body }) => ({
      status: 200,
      body: { success: true, notification: await notifications.push(principalOf(req), body) },
    }),
    listNotifications: async ({ req, query }) => ({
      status: 200,
      body: await notifications.list(principalOf(req), query),
    }),
    markNotificationRead: async ({ req, params }) => {
      await notifications.markRead(principalOf(req), params.id);
      return { status: 200, body: { success: true } };
    },
    markAllNotificationsRead: async ({ req }) => ({
      status: 200,
      body: { success: true, count: await notifications.markAllRead(principalOf(req)) },
    }),
  });
}
