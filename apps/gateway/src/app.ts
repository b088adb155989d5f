import { contract } from '@cyrene/contracts';
import { createExpressEndpoints } from '@ts-rest/express';
import express from 'express';
import { authRateLimit } from './auth/rate-limit';
import { authRouter } from './auth/router';
import { type AppContext, type AppDeps, createContext } from './context';
import { createDocsRouter } from './docs/router';
import { healthRouter } from './health/router';
import { cors } from './http/cors';
import { errorMiddleware, notFound } from './http/error-middleware';
import { requestContext } from './http/request-context';
import { validationError } from './http/validation-error';
import { createServices, type Services } from './services';

export type { AppDeps };

export interface Gateway {
  app: express.Express;
  ctx: AppContext;
  services: Services;
}

/** Mounts the REST API. Only the areas whose handlers exist are listed; the rest answers 404. */
function mountApi(ctx: AppContext, services: Services): express.Router {
  const api = express.Router();
  createExpressEndpoints(
    {
      auth: contract.auth,
      health: contract.health,
    },
    {
      auth: authRouter(services.auth, {
        registrationEnabled: ctx.config.registrationEnabled,
        rateLimit: authRateLimit(ctx.config.authRateLimitPerMinute, ctx.clock),
      }),
      health: healthRouter(ctx.hub, ctx.database),
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
  app.use(express.json({ limit: ctx.config.jsonBodyLimit }));
  app.use(createDocsRouter());
  app.use(mountApi(ctx, services));
  app.use(notFound);
  app.use(errorMiddleware(ctx.log));
  return { app, ctx, services };
}
