import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { NotificationsService } from '../service';

export const pushNotification = (notifications: NotificationsService) =>
  s.route(contract.notifications.pushNotification, async ({ req, body }) => ({
    status: 200,
    body: { success: true, notification: await notifications.push(principalOf(req), body) },
  }));
