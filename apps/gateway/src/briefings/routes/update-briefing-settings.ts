import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { BriefingsService } from '../service';

export const updateBriefingSettings = (briefings: BriefingsService) =>
  s.route(contract.briefings.updateBriefingSettings, async ({ req, body }) => ({
    status: 200,
    body: await briefings.updateSettings(principalOf(req), body),
  }));
