import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { BriefingsService } from '../service';

export const getBriefingSettings = (briefings: BriefingsService) =>
  s.route(contract.briefings.getBriefingSettings, async ({ req, query }) => ({
    status: 200,
    body: await briefings.getSettings(principalOf(req), query),
  }));
