import { contract } from '@cyrene/contracts';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import type { BriefingsService } from './service';

export function briefingsRouter(briefings: BriefingsService) {
  return s.router(contract.briefings, {
    getBriefing: async ({ req, query }) => ({
      status: 200,
      body: await briefings.get(principalOf(req), query),
    }),
    listLatestBriefings: async ({ req, query }) => {
      const list = await briefings.latest(principalOf(req), query);
      return { status: 200, body: { briefings: list, total: list.length } };
    },
    generateBriefing: async ({ req, body }) => ({
      status: 200,
      body: {
        success: true,
        briefing: await briefings.generate(principalOf(req), body),
        message: '简报已生成并推送',
      },
    }),
    getBriefingSettings: async ({ req, query }) => ({
      status: 200,
      body: await briefings.getSettings(principalOf(req), query),
    }),
    updateBriefingSettings: async ({ req, body }) => ({
      status: 200,
      body: await briefings.updateSettings(principalOf(req), body),
    }),
  });
}
