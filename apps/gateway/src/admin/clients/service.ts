import type { KnownClient } from '@cyrene/contracts';
import { ApiError } from '../../http/api-error';
import { toKnownClient } from './mapper';
import type { ClientsRepository } from './repository';

/** §15 clients: every client ever connected, whether it is online now, and the admin's notes. */
export class ClientsService {
  constructor(private readonly repo: ClientsRepository) {}

  async list(userId?: string): Promise<KnownClient[]> {
    return (await this.repo.list(userId)).map(toKnownClient);
  }

  async setNote(clientId: string, note: string): Promise<void> {
    if (!(await this.repo.setNote(clientId, note))) throw new ApiError('not_found', '客户端未找到');
  }
}
