import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ModelsService } from '../service';

export const saveModelProvider = (models: ModelsService) =>
  s.route(contract.admin.saveModelProvider, async ({ params, body }) => {
    await models.saveProvider(params.name, body);
    return { status: 200, body: { status: 'saved', name: params.name } };
  });
