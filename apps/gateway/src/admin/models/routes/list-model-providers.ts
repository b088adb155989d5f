import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ModelsService } from '../service';

/** Keys come back masked (sk-…3456), never whole. */
export const listModelProviders = (models: ModelsService) =>
  s.route(contract.admin.listModelProviders, async () => {
    const providers = await models.listProviders();
    return { status: 200, body: { providers, total: providers.length } };
  });
