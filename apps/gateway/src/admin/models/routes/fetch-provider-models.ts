import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ProviderChecks } from '../provider-checks';

/** The url must be on the provider's own origin: its key is sent with the request. */
export const fetchProviderModels = (checks: ProviderChecks) =>
  s.route(contract.admin.fetchProviderModels, async ({ params, query }) => ({
    status: 200,
    body: await checks.fetchModels(params.name, query.url),
  }));
