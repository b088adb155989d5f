import { contract } from '@cyrene/contracts';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import type { MemoryService } from './service';

export function memoryRouter(memory: MemoryService) {
  return s.router(contract.memory, {
    searchMemory: async ({ req, query }) => ({
      status: 200,
      body: await memory.search(principalOf(req), query),
    }),
    listMemory: async ({ req, query }) => ({
      status: 200,
      body: await memory.list(principalOf(req), query),
    }),
    createMemory: async ({ req, body }) => ({
      status: 201,
      body: await memory.create(principalOf(req), body),
    }),
    deleteMemory: async ({ req, query }) => {
      await memory.remove(principalOf(req), query.id);
      return { status: 200, body: { success: true } };
    },
  });
}
