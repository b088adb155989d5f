import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { ScenesService } from '../scenes';

export const deleteScene = (scenes: ScenesService) =>
  s.route(contract.automation.deleteScene, async ({ req, params }) => {
    await scenes.delete(principalOf(req), params.id);
    return { status: 200, body: { success: true } };
  });
