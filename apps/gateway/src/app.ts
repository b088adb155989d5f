import { contract } from '@cyrene/contracts';
import { createExpressEndpoints } from '@ts-rest/express';
import express from 'express';
import { PasswordHasher } from './auth/passwords';
import { authRateLimit } from './auth/rate-limit';
import { AuthRepository } from './auth/repository';
import { authRouter } from './auth/router';
import { AuthService } from './auth/service';
import { TokenSigner } from './auth/tokens';
import type { Clock } from './clock/clock';
import type { Config } from './config/config';
import type { GatewayDatabase } from './db/database';
import { createDocsRouter } from './docs/router';
import { healthRouter } from './health/router';
import { AuthGuard } from './http/auth-guard';
import { cors } from './http/cors';
import { errorMiddleware, notFound } from './http/error-middleware';
import { requestContext } from './http/request-context';
import { validationError } from './http/validation-error';
import type { Logger } from './logging/logger';
import { ConnectionHub } from './realtime/hub';

export interface AppDeps {
  config: Config;
  database: GatewayDatabase;
  clock: Clock;
  log: Logger;
  /** The HS256 key (JWT_SECRET, or the one kept in DATA_DIR). */
  jwtSecret: Uint8Array;
  /** Check every response against its contract (on in tests: undeclared fields are stripped). */
  validateResponses?: boolean;
}

export interface Gateway {
  app: express.Express;
  hub: ConnectionHub;
  guard: AuthGuard;
}

/** Builds the gateway from its dependencies; listening is the caller's business (server.ts, tests). */
export function createApp(deps: AppDeps): Gateway {
  const { config, database, clock, log } = deps;
  const tokens = new TokenSigner(deps.jwtSecret, clock, config.accessTokenTtlSeconds);
  const guard = new AuthGuard(tokens);
  const hub = new ConnectionHub();
  const auth = new AuthService(
    new AuthRepository(database.db),
    tokens,
    new PasswordHasher(),
    {
      adminUsername: config.adminUsername,
      adminPassword: config.adminPassword,
      registrationEnabled: config.registrationEnabled,
    },
    clock,
    log,
  );

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext(log));
  app.use(cors);
  app.use(express.json({ limit: config.jsonBodyLimit }));
  app.use(createDocsRouter());

  // Only the areas whose handlers exist are mounted; the rest of the contract answers 404.
  const api = express.Router();
  createExpressEndpoints(
    { auth: contract.auth, health: contract.health },
    {
      auth: authRouter(auth, {
        registrationEnabled: config.registrationEnabled,
        rateLimit: authRateLimit(config.authRateLimitPerMinute, clock),
      }),
      health: healthRouter(hub, database),
    },
    api,
    {
      globalMiddleware: [guard.middleware()],
      responseValidation: deps.validateResponses ?? false,
      requestValidationErrorHandler: (err, _req, _res, next) =>
        next(
          validationError({ params: err.pathParams, headers: err.headers, query: err.query, body: err.body }),
        ),
    },
  );
  app.use(api);
  app.use(notFound);
  app.use(errorMiddleware(log));
  return { app, hub, guard };
}
