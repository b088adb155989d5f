import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { MemoryService } from '../service';

export const searchMemory = (memory: MemoryService) =>
  s.route(contract.memory.searchMemory, async ({ req, query }) => ({
    status: 200,
    body: await memory.search(principalOf(req), query),
  }));
