import type { AppContext } from '../context';
import type { AccountArea } from '../db/archive';
import { AccountArchiveService } from './service';

/** The account archive over the areas services.ts registered, for the REST export and the CLI. */
export function createAccountArchive(
  ctx: Pick<AppContext, 'db' | 'clock' | 'log'>,
  services: {
    auth: ConstructorParameters<typeof AccountArchiveService>[1]['auth'];
    files: ConstructorParameters<typeof AccountArchiveService>[1]['files'];
    accountAreas: readonly AccountArea[];
  },
): AccountArchiveService {
  return new AccountArchiveService(
    ctx.db,
    { auth: services.auth, files: services.files },
    services.accountAreas,
    ctx.clock,
    ctx.log,
  );
}
