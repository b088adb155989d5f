import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { ScenesService } from '../scenes';

export const executeScene = (scenes: ScenesService) =>
  s.route(contract.automation.executeScene, async ({ req, params }) => {
    await scenes.execute(principalOf(req), params.id);
    return { status: 200, body: { success: true, message: '场景已执行' } };
  });
