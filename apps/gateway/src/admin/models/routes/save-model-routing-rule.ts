import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ModelsService } from '../service';

/** Takes effect at once: every model caller reads the rule on each request. */
export const saveModelRoutingRule = (models: ModelsService) =>
  s.route(contract.admin.saveModelRoutingRule, async ({ params, body }) => {
    await models.saveRoute(params.purpose, body);
    return { status: 200, body: { status: 'saved', purpose: params.purpose } };
  });
