import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { ScenesService } from '../scenes';

export const createScene = (scenes: ScenesService) =>
  s.route(contract.automation.createScene, async ({ req, body }) => ({
    status: 201,
    body: { success: true, scene: await scenes.create(principalOf(req), body) },
  }));
