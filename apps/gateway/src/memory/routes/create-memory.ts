import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { MemoryService } from '../service';

export const createMemory = (memory: MemoryService) =>
  s.route(contract.memory.createMemory, async ({ req, body }) => ({
    status: 201,
    body: await memory.create(principalOf(req), body),
  }));
