import type { AuthService } from '../auth/service';
import type { ChatEngine } from '../chat-engine/engine';
import type { AppContext } from '../context';
import type { JobRunner } from '../jobs/runner';
import type { NotificationsService } from '../notifications/service';
import { userDirectory } from '../notifications/users';
import type { RemindersService } from '../reminders/service';
import type { ModelRouting } from '../upstreams/model-routing';
import { BriefingsRepository } from './repository';
import { BriefingsService } from './service';
import { BriefingSources } from './sources';
import { BriefingSummarizer } from './summary';

export interface BriefingsDeps {
  jobs: JobRunner;
  notifications: NotificationsService;
  reminders: RemindersService;
  auth: AuthService;
  modelRouting: ModelRouting;
  chatEngine: ChatEngine;
}

export function createBriefings(ctx: AppContext, deps: BriefingsDeps): BriefingsService {
  const { config } = ctx;
  const apiKey = config.briefingProviderApiKey;
  const briefings = new BriefingsService(
    new BriefingsRepository(ctx.db),
    deps.jobs,
    deps.notifications,
    deps.reminders,
    userDirectory(deps.auth),
    new BriefingSources(
      { url: config.briefingWeatherUrl, model: config.briefingWeatherModel, apiKey },
      { url: config.briefingNewsUrl, model: config.briefingNewsModel, apiKey },
      ctx.log,
    ),
    new BriefingSummarizer(deps.modelRouting, deps.chatEngine, ctx.log),
    config.briefingLocation ?? '',
    ctx.clock,
    ctx.log,
  );
  const [daily, sweep] = briefings.jobKinds();
  deps.jobs.register(daily);
  deps.jobs.register(sweep);
  deps.jobs.standing(briefings.sweepJob());
  return briefings;
}
