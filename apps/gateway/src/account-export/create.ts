import type { AppContext } from '../context';
import type { Services } from '../services';
import { AccountArchiveService } from './service';

/** The account archive over the domain services the server built (services.ts). */
export function createAccountArchive(ctx: Pick<AppContext, 'db' | 'clock' | 'log'>, services: Services) {
  return new AccountArchiveService(
    ctx.db,
    {
      auth: services.auth,
      sessions: services.sessions,
      files: services.files,
      knowledge: services.knowledge.service,
      memory: services.memory,
      reminders: services.reminders,
      automation: services.automation,
    },
    ctx.clock,
    ctx.log,
  );
}
