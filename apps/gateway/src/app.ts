import { contract } from '@cyrene/contracts';
import { TRPC_PATH } from '@cyrene/contracts/trpc';
import { createExpressEndpoints } from '@ts-rest/express';
import express from 'express';
import { type ChatRealtime, createChatRealtime } from './chat/chat-realtime';
import { createConsoleRouter } from './console/router';
import { type AppContext, type AppDeps, createContext } from './context';
import { createDocsRouter } from './docs/router';
import { cors } from './http/cors';
import { errorMiddleware, notFound } from './http/error-middleware';
import { inputGuard } from './http/input-guard';
import { METRICS_PATH, metricsHandler } from './http/metrics-endpoint';
import { requestContext } from './http/request-context';
import { validationError } from './http/validation-error';
import { type RouteImplementations, routeImplementations } from './routes';
import { createServices, type Services } from './services';
import { trpcMiddleware } from './trpc/middleware';
import { DISCORD_WEBHOOK_PATH, discordRawBody } from './webhooks/discord/signature';

export type { AppDeps };

export interface Gateway {
  app: express.Express;
  ctx: AppContext;
  services: Services;
  /** The chat WebSocket: `attach(server)` after listening, `close()` before the database closes. */
  realtime: ChatRealtime;
}

/** Mounts the REST API: every route of the contract, with its implementation. */
function mountApi(ctx: AppContext, implementations: RouteImplementations): express.Router {
  const api = express.Router();
  createExpressEndpoints(contract, implementations, api, {
    globalMiddleware: [ctx.guard.middleware()],
    responseValidation: ctx.validateResponses ?? false,
    requestValidationErrorHandler: (err, _req, _res, next) =>
      next(
        validationError({ params: err.pathParams, headers: err.headers, query: err.query, body: err.body }),
      ),
  });
  return api;
}

/** Builds the gateway from its dependencies; listening is the caller's business (server.ts, tests). */
export function createApp(deps: AppDeps): Gateway {
  const ctx = createContext(deps);
  const services = createServices(ctx);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.use(ctx.telemetry.httpMiddleware);
  app.use(requestContext(ctx.log));
  app.use(ctx.recentErrors.middleware());
  app.use(cors);
  // Discord signs the exact bytes it sent: that route reads its body raw (express.json then skips it).
  app.use(DISCORD_WEBHOOK_PATH, discordRawBody(ctx.config.jsonBodyLimit));
  app.use(express.json({ limit: ctx.config.jsonBodyLimit }));
  app.use(inputGuard(contract));
  const { metrics } = ctx.telemetry;
  if (metrics && ctx.config.metricsToken && ctx.config.metricsPort === undefined)
    app.get(METRICS_PATH, metricsHandler(metrics, ctx.config.metricsToken));
  app.use(createDocsRouter());
  const implementations = routeImplementations(ctx, services);
  app.use(mountApi(ctx, implementations));
  app.use(
    TRPC_PATH,
    trpcMiddleware(contract, implementations, { ...ctx, maxBatchSize: ctx.config.trpcMaxBatchSize }),
  );
  app.use(createConsoleRouter({ dir: ctx.config.consoleDir }));
  app.use(notFound);
  app.use(errorMiddleware(ctx.log));
  ctx.telemetry.gauges({ jobsDue: () => services.jobs.countDue(), dbPool: ctx.database.poolStats });
  return { app, ctx, services, realtime: createChatRealtime(ctx, services) };
}
