import { type CreateMemoryBody, type GatewayClient, unwrap } from '@cyrene/sdk';

/** TanStack Query keys of the memory screen; `all` is the prefix of every one (list and searches). */
export const memoryKeys = {
  all: ['memory'] as const,
  search: (query: string) => ['memory', query] as const,
};

// The memory screen's gateway calls, each answering the success body (a failure throws GatewayError).

/** Every memory, or with a query those matching it. */
export async function findMemories(api: GatewayClient, q: string) {
  return q
    ? unwrap(await api.rest.memory.searchMemory({ query: { q } }), 200)
    : unwrap(await api.rest.memory.listMemory({ query: {} }), 200);
}

export async function createMemory(api: GatewayClient, body: CreateMemoryBody) {
  return unwrap(await api.rest.memory.createMemory({ body }), 201);
}

export async function deleteMemory(api: GatewayClient, id: string) {
  return unwrap(await api.rest.memory.deleteMemory({ query: { id } }), 200);
}
