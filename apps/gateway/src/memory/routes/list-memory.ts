import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { MemoryService } from '../service';

export const listMemory = (memory: MemoryService) =>
  s.route(contract.memory.listMemory, async ({ req, query }) => ({
    status: 200,
    body: await memory.list(principalOf(req), query),
  }));
