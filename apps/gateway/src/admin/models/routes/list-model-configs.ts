import { contract } from '@cyrene/contracts';
import { s } from '../../../http/server';
import type { ModelsService } from '../service';

export const listModelConfigs = (models: ModelsService) =>
  s.route(contract.admin.listModelConfigs, async () => {
    const list = await models.listModels();
    return { status: 200, body: { models: list, total: list.length } };
  });
