import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { NotificationsService } from '../service';

export const markAllNotificationsRead = (notifications: NotificationsService) =>
  s.route(contract.notifications.markAllNotificationsRead, async ({ req }) => ({
    status: 200,
    body: { success: true, count: await notifications.markAllRead(principalOf(req)) },
  }));
