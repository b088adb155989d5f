import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ModelsService } from '../service';

export const deleteModelConfig = (models: ModelsService) =>
  s.route(contract.admin.deleteModelConfig, async ({ params }) => {
    await models.deleteModel(params.id);
    return { status: 200, body: { status: 'deleted', id: params.id } };
  });
