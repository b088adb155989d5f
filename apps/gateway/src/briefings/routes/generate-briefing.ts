import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { BriefingsService } from '../service';

export const generateBriefing = (briefings: BriefingsService) =>
  s.route(contract.briefings.generateBriefing, async ({ req, body }) => ({
    status: 200,
    body: {
      success: true,
      briefing: await briefings.generate(principalOf(req), body),
      message: '简报已生成并推送',
    },
  }));
