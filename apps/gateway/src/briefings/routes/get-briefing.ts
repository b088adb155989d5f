import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { BriefingsService } from '../service';

export const getBriefing = (briefings: BriefingsService) =>
  s.route(contract.briefings.getBriefing, async ({ req, query }) => ({
    status: 200,
    body: await briefings.get(principalOf(req), query),
  }));
