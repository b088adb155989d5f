import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import type { AdminServices } from './create';
import type { SystemStatusService } from './system/service';

/** §15: admin only (the guard answers 403 admin_only to anyone else before these run). */
export function adminRouter({
  liveSessions,
  knownClients,
  models,
  providerChecks,
  system,
}: AdminServices['admin'] & { system: SystemStatusService }) {
  return s.router(contract.admin, {
    listSessionStates: async () => {
      const states = await liveSessions.list();
      return { status: 200, body: { sessions: states, total: states.length } };
    },
    listActiveSessionsByUser: async () => ({
      status: 200,
      body: { users: await liveSessions.byUser() },
    }),
    getSessionState: async ({ params }) => ({
      status: 200,
      body: await liveSessions.get(params.id),
    }),
    listClients: async ({ query }) => {
      const list = await knownClients.list(query.user_id);
      return { status: 200, body: { clients: list, total: list.length } };
    },
    setClientNote: async ({ params, body }) => {
      await knownClients.setNote(params.id, body.note);
      return { status: 200, body: { status: 'ok', client_id: params.id, note: body.note } };
    },
    /** Keys come back masked (sk-…3456), never whole. */
    listModelProviders: async () => {
      const providers = await models.listProviders();
      return { status: 200, body: { providers, total: providers.length } };
    },
    saveModelProvider: async ({ params, body }) => {
      await models.saveProvider(params.name, body);
      return { status: 200, body: { status: 'saved', name: params.name } };
    },
    deleteModelProvider: async ({ params }) => {
      await models.deleteProvider(params.name);
      return { status: 200, body: { status: 'deleted', name: params.name } };
    },
    listModelConfigs: async () => {
      const list = await models.listModels();
      return { status: 200, body: { models: list, total: list.length } };
    },
    saveModelConfig: async ({ params, body }) => {
      await models.saveModel(params.id, body);
      return { status: 200, body: { status: 'saved', id: params.id } };
    },
    deleteModelConfig: async ({ params }) => {
      await models.deleteModel(params.id);
      return { status: 200, body: { status: 'deleted', id: params.id } };
    },
    listModelRoutingRules: async () => {
      const rules = await models.listRoutes();
      return { status: 200, body: { rules, total: rules.length } };
    },
    /** Takes effect at once: every model caller reads the rule on each request. */
    saveModelRoutingRule: async ({ params, body }) => {
      await models.saveRoute(params.purpose, body);
      return { status: 200, body: { status: 'saved', purpose: params.purpose } };
    },
    deleteModelRoutingRule: async ({ params }) => {
      await models.deleteRoute(params.purpose);
      return { status: 200, body: { status: 'deleted', purpose: params.purpose } };
    },
    /** Really calls GET {base_url}/models; an unreachable provider is a 200 with ok: false. */
    checkModelProvider: async ({ body }) => ({
      status: 200,
      body: await providerChecks.healthCheck(body.provider),
    }),
    getSystemStatus: async () => ({ status: 200, body: await system.status() }),
    /** The url must be on the provider's own origin: its key is sent with the request. */
    fetchProviderModels: async ({ params, query }) => ({
      status: 200,
      body: await providerChecks.fetchModels(params.name, query.url),
    }),
  });
}
