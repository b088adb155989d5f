import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ModelsService } from '../service';

export const deleteModelProvider = (models: ModelsService) =>
  s.route(contract.admin.deleteModelProvider, async ({ params }) => {
    await models.deleteProvider(params.name);
    return { status: 200, body: { status: 'deleted', name: params.name } };
  });
