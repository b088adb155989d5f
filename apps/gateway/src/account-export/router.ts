import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { exportAccount } from './routes/export-account';
import type { AccountArchiveService } from './service';

export function accountRouter(archives: AccountArchiveService) {
  return s.router(contract.account, {
    exportAccount: exportAccount(archives),
  });
}
