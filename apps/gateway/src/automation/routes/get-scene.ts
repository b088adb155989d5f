import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { ScenesService } from '../scenes';

export const getScene = (scenes: ScenesService) =>
  s.route(contract.automation.getScene, async ({ req, params }) => ({
    status: 200,
    body: { scene: await scenes.get(principalOf(req), params.id) },
  }));
