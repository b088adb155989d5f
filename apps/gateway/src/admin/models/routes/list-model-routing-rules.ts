import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ModelsService } from '../service';

export const listModelRoutingRules = (models: ModelsService) =>
  s.route(contract.admin.listModelRoutingRules, async () => {
    const rules = await models.listRoutes();
    return { status: 200, body: { rules, total: rules.length } };
  });
