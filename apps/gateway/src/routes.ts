import type { Contract } from '@cyrene/contracts';
import { createAccountArchive } from './account-export/create';
import { accountRouter } from './account-export/router';
import { adminRouter } from './admin/router';
import { authRateLimit } from './auth/rate-limit';
import { DatabaseRateLimitStore } from './auth/rate-limit-store';
import { authRouter } from './auth/router';
import { automationRouter } from './automation/router';
import { briefingsRouter } from './briefings/router';
import type { AppContext } from './context';
import { filesRouter } from './files/router';
import { healthRouter } from './health/router';
import type { ImplementationsOf } from './http/server';
import { imagesRouter } from './images/router';
import { knowledgeRouter } from './knowledge/router';
import { memoryRouter } from './memory/router';
import { messagesRouter } from './messages/router';
import { notificationsRouter } from './notifications/router';
import { remindersRouter } from './reminders/router';
import type { Services } from './services';
import { sessionsRouter } from './sessions/router';
import { voiceRouter } from './voice/router';
import { webhooksRouter } from './webhooks/router';

/** Every route of the contract with its handler. */
export type RouteImplementations = ImplementationsOf<Contract>;

/**
 * The one implementation of the whole contract. REST mounts it with createExpressEndpoints and
 * the tRPC router is derived from it, so no handler is written twice.
 */
export function routeImplementations(ctx: AppContext, services: Services): RouteImplementations {
  return {
    admin: adminRouter(services.admin),
    auth: authRouter(services.auth, {
      registrationEnabled: ctx.config.registrationEnabled,
      rateLimit: authRateLimit(
        ctx.config.authRateLimitPerMinute,
        ctx.clock,
        ctx.database.engine === 'postgres'
          ? new DatabaseRateLimitStore(ctx.db, ctx.clock, (err) =>
              ctx.log.warn({ err }, 'could not prune login rate-limit windows'),
            )
          : undefined,
      ),
    }),
    health: healthRouter(ctx.hub, ctx.database, services.blobs, ctx.faults),
    files: filesRouter(services.files),
    images: imagesRouter(services.images),
    knowledge: knowledgeRouter(services.knowledge),
    memory: memoryRouter(services.memory),
    sessions: sessionsRouter(services.sessions),
    messages: messagesRouter(services.messages),
    voice: voiceRouter(services.voice, ctx.log),
    webhooks: webhooksRouter(services.webhooks, ctx.config, ctx.clock),
    notifications: notificationsRouter(services.notifications),
    reminders: remindersRouter(services.reminders),
    automation: automationRouter(services.automation),
    briefings: briefingsRouter(services.briefings),
    account: accountRouter(createAccountArchive(ctx, services)),
  };
}
