import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { ScenesService } from '../scenes';

export const updateScene = (scenes: ScenesService) =>
  s.route(contract.automation.updateScene, async ({ req, params, body }) => ({
    status: 200,
    body: { success: true, scene: await scenes.update(principalOf(req), params.id, body) },
  }));
