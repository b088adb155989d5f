import { PasswordHasher } from './auth/passwords';
import { AuthRepository } from './auth/repository';
import { AuthService } from './auth/service';
import type { AppContext } from './context';

/**
 * Every domain service, built once in dependency order. A domain may use another domain's
 * service (chat uses files for attachments), never its repository.
 */
export function createServices(ctx: AppContext) {
  const { config } = ctx;
  const auth = new AuthService(
    new AuthRepository(ctx.db),
    ctx.tokens,
    new PasswordHasher(),
    {
      adminUsername: config.adminUsername,
      adminPassword: config.adminPassword,
      registrationEnabled: config.registrationEnabled,
    },
    ctx.clock,
    ctx.log,
  );
  return { auth };
}

export type Services = ReturnType<typeof createServices>;
