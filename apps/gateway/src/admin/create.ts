import type { AppContext } from '../context';
import { ClientRegistry } from './client-registry';
import { ClientsRepository } from './clients/repository';
import { ClientsService } from './clients/service';
import { LiveSessionsRepository } from './live-sessions/repository';
import { LiveSessionsService } from './live-sessions/service';
import { DbModelRouting } from './model-routing-service';
import { ProviderChecks } from './models/provider-checks';
import { ModelsRepository } from './models/repository';
import { ModelsService } from './models/service';
import { ProviderKeyCipher } from './provider-key-cipher';

/**
 * The admin domain's pieces (§15): the model routing every model caller reads, the client
 * registry the WebSocket writes, and the services behind the admin routes.
 */
export function createAdminServices(ctx: AppContext) {
  const providerKeys = new ProviderKeyCipher(ctx.jwtSecret);
  const modelsRepository = new ModelsRepository(ctx.db);
  const modelRouting = new DbModelRouting(modelsRepository, providerKeys, ctx.log);
  const clients = new ClientRegistry(ctx.db, ctx.clock, ctx.log, ctx.instanceId);
  const models = new ModelsService(modelsRepository, providerKeys, ctx.clock, ctx.log);
  const admin = {
    liveSessions: new LiveSessionsService(new LiveSessionsRepository(ctx.db)),
    knownClients: new ClientsService(new ClientsRepository(ctx.db)),
    models,
    providerChecks: new ProviderChecks(models, ctx.log),
  };
  return { modelRouting, clients, admin };
}

export type AdminServices = ReturnType<typeof createAdminServices>;
