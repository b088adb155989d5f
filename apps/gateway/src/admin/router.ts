import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { listClients } from './clients/routes/list-clients';
import { setClientNote } from './clients/routes/set-client-note';
import { getSessionState } from './live-sessions/routes/get-session-state';
import { listActiveSessionsByUser } from './live-sessions/routes/list-active-sessions-by-user';
import { listSessionStates } from './live-sessions/routes/list-session-states';
import { checkModelProvider } from './models/routes/check-model-provider';
import { deleteModelConfig } from './models/routes/delete-model-config';
import { deleteModelProvider } from './models/routes/delete-model-provider';
import { deleteModelRoutingRule } from './models/routes/delete-model-routing-rule';
import { fetchProviderModels } from './models/routes/fetch-provider-models';
import { listModelConfigs } from './models/routes/list-model-configs';
import { listModelProviders } from './models/routes/list-model-providers';
import { listModelRoutingRules } from './models/routes/list-model-routing-rules';
import { saveModelConfig } from './models/routes/save-model-config';
import { saveModelProvider } from './models/routes/save-model-provider';
import { saveModelRoutingRule } from './models/routes/save-model-routing-rule';
import type { AdminServices } from './services';
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
    listSessionStates: listSessionStates(liveSessions),
    listActiveSessionsByUser: listActiveSessionsByUser(liveSessions),
    getSessionState: getSessionState(liveSessions),
    listClients: listClients(knownClients),
    setClientNote: setClientNote(knownClients),
    listModelProviders: listModelProviders(models),
    saveModelProvider: saveModelProvider(models),
    deleteModelProvider: deleteModelProvider(models),
    listModelConfigs: listModelConfigs(models),
    saveModelConfig: saveModelConfig(models),
    deleteModelConfig: deleteModelConfig(models),
    listModelRoutingRules: listModelRoutingRules(models),
    saveModelRoutingRule: saveModelRoutingRule(models),
    deleteModelRoutingRule: deleteModelRoutingRule(models),
    checkModelProvider: checkModelProvider(providerChecks),
    getSystemStatus: async () => ({ status: 200, body: await system.status() }),
    fetchProviderModels: fetchProviderModels(providerChecks),
  });
}
