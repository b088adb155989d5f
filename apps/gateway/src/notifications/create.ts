import type { AuthService } from '../auth/service';
import type { AppContext } from '../context';
import { NotificationDelivery } from './delivery';
import { NotificationsRepository } from './repository';
import { NotificationsService } from './service';
import { userDirectory } from './users';

export function createNotifications(ctx: AppContext, auth: AuthService): NotificationsService {
  const repo = new NotificationsRepository(ctx.db);
  return new NotificationsService(
    repo,
    ctx.hub,
    new NotificationDelivery(repo, ctx.hub, ctx.clock, ctx.log),
    userDirectory(auth),
    ctx.clock,
    ctx.log,
  );
}
