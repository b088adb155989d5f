import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { NotificationsService } from '../service';

export const listNotifications = (notifications: NotificationsService) =>
  s.route(contract.notifications.listNotifications, async ({ req, query }) => ({
    status: 200,
    body: await notifications.list(principalOf(req), query),
  }));
