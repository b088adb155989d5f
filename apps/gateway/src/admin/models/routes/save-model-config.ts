import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ModelsService } from '../service';

export const saveModelConfig = (models: ModelsService) =>
  s.route(contract.admin.saveModelConfig, async ({ params, body }) => {
    await models.saveModel(params.id, body);
    return { status: 200, body: { status: 'saved', id: params.id } };
  });
