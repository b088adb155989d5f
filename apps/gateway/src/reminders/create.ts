import type { AppContext } from '../context';
import type { JobRunner } from '../jobs/runner';
import type { NotificationsService } from '../notifications/service';
import type { SessionsService } from '../sessions/service';
import { RemindersRepository } from './repository';
import { RemindersService } from './service';

export function createReminders(
  ctx: AppContext,
  deps: { jobs: JobRunner; notifications: NotificationsService; sessions: SessionsService },
): RemindersService {
  const reminders = new RemindersService(
    new RemindersRepository(ctx.db),
    deps.jobs,
    deps.notifications,
    deps.sessions,
    ctx.clock,
    ctx.log,
  );
  deps.jobs.register(reminders.jobKind());
  return reminders;
}
