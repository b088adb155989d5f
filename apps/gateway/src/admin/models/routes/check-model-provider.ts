import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ProviderChecks } from '../provider-checks';

/** Really calls GET {base_url}/models; an unreachable provider is a 200 with ok: false. */
export const checkModelProvider = (checks: ProviderChecks) =>
  s.route(contract.admin.checkModelProvider, async ({ body }) => ({
    status: 200,
    body: await checks.healthCheck(body.provider),
  }));
