import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { createMemory } from './routes/create-memory';
import { deleteMemory } from './routes/delete-memory';
import { listMemory } from './routes/list-memory';
import { searchMemory } from './routes/search-memory';
import type { MemoryService } from './service';

export function memoryRouter(memory: MemoryService) {
  return s.router(contract.memory, {
    searchMemory: searchMemory(memory),
    listMemory: listMemory(memory),
    createMemory: createMemory(memory),
    deleteMemory: deleteMemory(memory),
  });
}
