import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import { archiveFileName } from '../format';
import type { AccountArchiveService } from '../service';

/**
 * Everything is read before the first byte goes out, so a failure is still the spec's error body;
 * the archive then streams (gzip), and ts-rest sends a stream body untouched. The contract types
 * the body as the Blob a client receives, hence the cast.
 */
export const exportAccount = (archives: AccountArchiveService) =>
  s.route(contract.account.exportAccount, async ({ req, res }) => {
    const principal = principalOf(req);
    const prepared = await archives.prepare(principal.userId);
    const name = archiveFileName(principal.userId, new Date(prepared.header.exported_at));
    res.setHeader('content-type', 'application/gzip');
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    res.setHeader('cache-control', 'no-store');
    return { status: 200, body: archives.stream(prepared) as unknown as Blob };
  });
