import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ModelsService } from '../service';

export const deleteModelRoutingRule = (models: ModelsService) =>
  s.route(contract.admin.deleteModelRoutingRule, async ({ params }) => {
    await models.deleteRoute(params.purpose);
    return { status: 200, body: { status: 'deleted', purpose: params.purpose } };
  });
