import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { generateBriefing } from './routes/generate-briefing';
import { getBriefing } from './routes/get-briefing';
import { getBriefingSettings } from './routes/get-briefing-settings';
import { listLatestBriefings } from './routes/list-latest-briefings';
import { updateBriefingSettings } from './routes/update-briefing-settings';
import type { BriefingsService } from './service';

export function briefingsRouter(briefings: BriefingsService) {
  return s.router(contract.briefings, {
    getBriefing: getBriefing(briefings),
    listLatestBriefings: listLatestBriefings(briefings),
    generateBriefing: generateBriefing(briefings),
    getBriefingSettings: getBriefingSettings(briefings),
    updateBriefingSettings: updateBriefingSettings(briefings),
  });
}
