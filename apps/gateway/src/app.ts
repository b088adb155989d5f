import { contract } from '@cyrene/contracts';
import { createExpressEndpoints } from '@ts-rest/express';
import express from 'express';
import { adminRouter } from './admin/router';
import { authRateLimit } from './auth/rate-limit';
import { authRouter } from './auth/router';
import { automationRouter } from './automation/router';
import { briefingsRouter } from './briefings/router';
import { type ChatRealtime, createChatRealtime } from './chat/chat-realtime';
import { type AppContext, type AppDeps, createContext } from './context';
import { createDocsRouter } from './docs/router';
import { filesRouter } from './files/router';
import { healthRouter } from './health/router';
import { cors } from './http/cors';
import { errorMiddleware, notFound } from './http/error-middleware';
import { requestContext } from './http/request-context';
import { validationError } from './http/validation-error';
import { imagesRouter } from './images/router';
import { knowledgeRouter } from './knowledge/router';
import { memoryRouter } from './memory/router';
import { messagesRouter } from './messages/router';
import { notificationsRouter } from './notifications/router';
import { remindersRouter } from './reminders/router';
import { createServices, type Services } from './services';
import { sessionsRouter } from './sessions/router';
import { voiceRouter } from './voice/router';
import { DISCORD_WEBHOOK_PATH, discordRawBody } from './webhooks/discord/signature';
import { webhooksRouter } from './webhooks/router';

export type { AppDeps };

export interface Gateway {
  app: express.Express;
  ctx: AppContext;
  services: Services;
  /** The chat WebSocket: `attach(server)` after listening, `close()` before the database closes. */
  realtime: ChatRealtime;
}

/** Mounts the REST API. Only the areas whose handlers exist are listed; the rest answers 404. */
function mountApi(ctx: AppContext, services: Services): express.Router {
  const api = express.Router();
  createExpressEndpoints(
    {
      auth: contract.auth,
      admin: contract.admin,
      health: contract.health,
      files: contract.files,
      images: contract.images,
      knowledge: contract.knowledge,
      memory: contract.memory,
      sessions: contract.sessions,
      messages: contract.messages,
      voice: contract.voice,
      webhooks: contract.webhooks,
      notifications: contract.notifications,
      reminders: contract.reminders,
      automation: contract.automation,
      briefings: contract.briefings,
    },
    {
      admin: adminRouter(services.admin),
      auth: authRouter(services.auth, {
        registrationEnabled: ctx.config.registrationEnabled,
        rateLimit: authRateLimit(ctx.config.authRateLimitPerMinute, ctx.clock),
      }),
      health: healthRouter(ctx.hub, ctx.database),
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
    },
    api,
    {
      globalMiddleware: [ctx.guard.middleware()],
      responseValidation: ctx.validateResponses ?? false,
      requestValidationErrorHandler: (err, _req, _res, next) =>
        next(
          validationError({ params: err.pathParams, headers: err.headers, query: err.query, body: err.body }),
        ),
    },
  );
  return api;
}

/** Builds the gateway from its dependencies; listening is the caller's business (server.ts, tests). */
export function createApp(deps: AppDeps): Gateway {
  const ctx = createContext(deps);
  const services = createServices(ctx);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.use(requestContext(ctx.log));
  app.use(cors);
  // Discord signs the exact bytes it sent: that route reads its body raw (express.json then skips it).
  app.use(DISCORD_WEBHOOK_PATH, discordRawBody(ctx.config.jsonBodyLimit));
  app.use(express.json({ limit: ctx.config.jsonBodyLimit }));
  app.use(createDocsRouter());
  app.use(mountApi(ctx, services));
  app.use(notFound);
  app.use(errorMiddleware(ctx.log));
  return { app, ctx, services, realtime: createChatRealtime(ctx, services) };
}
