import type { AuthService } from '../auth/service';
import type { AppContext } from '../context';
import { NotificationsRepository } from './repository';
import { NotificationsService } from './service';
import { userDirectory } from './users';

export function createNotifications(ctx: AppContext, auth: AuthService): NotificationsService {
  return new NotificationsService(
    new NotificationsRepository(ctx.db),
    ctx.hub,
    userDirectory(auth),
    ctx.clock,
    ctx.log,
  );
}
