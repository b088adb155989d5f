import type { CreateMemoryBody, MemoryItem, MemoryList, MemorySearchResult } from '@cyrene/contracts';
import type { Transaction } from 'kysely';
import type { Owner } from '../db/owner';
import type { Database } from '../db/schema';
import type { MemoryAccountImport } from './account-data';

/**
 * Where memories live: the gateway's own database, or a remote Memory-Service
 * (MEMORY_SERVICE_URL). The service in front decides whose memories a caller may reach.
 */
export interface MemoryStore {
  search(userId: string, query: string, limit: number): Promise<MemorySearchResult>;
  list(userId: string): Promise<MemoryList>;
  create(userId: string, body: CreateMemoryBody): Promise<MemoryItem>;
  /**
   * Deletes memory `id` of `owner` (`'anyone'`: whoever's it is, for the administrator).
   * `callerId` is who asks. false when there is no such memory for them.
   */
  remove(id: string, owner: Owner, callerId: string): Promise<boolean>;
  /**
   * Adds archived memories to `userId` (the account archive). The built-in store writes them in
   * the caller's transaction, ids and times kept, and answers the id of one already in use;
   * a remote one creates them there, where they get new ids.
   */
  importFor(
    userId: string,
    data: MemoryAccountImport,
    tx: Transaction<Database>,
  ): Promise<{ takenId?: string }>;
}
