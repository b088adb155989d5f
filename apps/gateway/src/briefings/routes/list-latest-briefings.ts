import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { BriefingsService } from '../service';

export const listLatestBriefings = (briefings: BriefingsService) =>
  s.route(contract.briefings.listLatestBriefings, async ({ req, query }) => {
    const list = await briefings.latest(principalOf(req), query);
    return { status: 200, body: { briefings: list, total: list.length } };
  });
