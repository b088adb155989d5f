import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { MemoryService } from '../service';

export const deleteMemory = (memory: MemoryService) =>
  s.route(contract.memory.deleteMemory, async ({ req, query }) => {
    await memory.remove(principalOf(req), query.id);
    return { status: 200, body: { success: true } };
  });
