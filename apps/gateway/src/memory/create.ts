import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock';
import type { Database } from '../db/schema';
import { BuiltInMemoryStore } from './builtin-store';
import { RemoteMemoryStore } from './remote-store';
import { MemoryRepository } from './repository';
import { MemoryService } from './service';

/** §9: the remote Memory-Service when MEMORY_SERVICE_URL is set, else the built-in store. */
export function createMemoryService(deps: { db: Kysely<Database>; clock: Clock; memoryServiceUrl?: string }) {
  const store = deps.memoryServiceUrl
    ? new RemoteMemoryStore(deps.memoryServiceUrl)
    : new BuiltInMemoryStore(new MemoryRepository(deps.db), deps.clock);
  return new MemoryService(store);
}
