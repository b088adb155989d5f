import type { AppContext } from '../context';
import type { JobRunner } from '../jobs/runner';
import type { NotificationsService } from '../notifications/service';
import type { RemindersService } from '../reminders/service';
import { ActionRunner } from './actions';
import type { AutomationChat } from './chat';
import { RunEngine } from './engine';
import { AutomationEvents } from './events';
import { AutomationRepository } from './repository';
import { RulesService } from './rules';
import { ScenesService } from './scenes';

export interface AutomationDeps {
  jobs: JobRunner;
  notifications: NotificationsService;
  reminders: RemindersService;
  chat: AutomationChat;
}

/**
 * §10: rules, scenes and the run engine, wired to the job runner and to the events of the
 * other domains (notifications, reminders; chat messages through `events.chatMessage`).
 */
export function createAutomation(ctx: AppContext, deps: AutomationDeps) {
  const { config } = ctx;
  const repo = new AutomationRepository(ctx.db);
  const actions = new ActionRunner({
    notifications: deps.notifications,
    reminders: deps.reminders,
    chat: deps.chat,
    clock: ctx.clock,
    allowPrivateUrls: config.automationAllowPrivateUrls,
    retryBaseMs: config.automationHttpRetryBaseMs,
  });
  const engine = new RunEngine(repo, deps.jobs, actions, deps.notifications, ctx.clock, ctx.log, {
    rateLimit: config.automationRateLimit,
    rateWindowMs: config.automationRateWindowSeconds * 1000,
  });
  const events = new AutomationEvents(repo, engine, ctx.log);
  const rules = new RulesService(repo, engine, deps.jobs, ctx.clock);
  const scenes = new ScenesService(repo, engine, ctx.clock);

  deps.jobs.register(engine.jobKind());
  for (const kind of rules.jobKinds()) deps.jobs.register(kind);
  deps.notifications.onDelivered((n, cause) =>
    events.emit({
      userId: n.user_id,
      type: 'notification',
      fields: { id: n.id, type: n.type, title: n.title, body: n.body },
      text: `${n.title}\n${n.body}`,
      cause,
    }),
  );
  deps.reminders.onFired((r, cause) =>
    events.emit({
      userId: r.user_id,
      type: 'reminder_fired',
      fields: { id: r.id, title: r.title, description: r.description, repeat_type: r.repeat_type },
      text: `${r.title}\n${r.description}`,
      cause,
    }),
  );

  return {
    rules,
    scenes,
    events,
  };
}

export type Automation = ReturnType<typeof createAutomation>;
