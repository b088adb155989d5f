import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { NotificationsService } from '../service';

export const markNotificationRead = (notifications: NotificationsService) =>
  s.route(contract.notifications.markNotificationRead, async ({ req, params }) => {
    await notifications.markRead(principalOf(req), params.id);
    return { status: 200, body: { success: true } };
  });
