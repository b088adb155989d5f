import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { ScenesService } from '../scenes';

export const listScenes = (scenes: ScenesService) =>
  s.route(contract.automation.listScenes, async ({ req }) => {
    const list = await scenes.list(principalOf(req));
    return { status: 200, body: { scenes: list, count: list.length } };
  });
