/** TanStack Query keys of the memory screen; `all` is the prefix of every one (list and searches). */
export const memoryKeys = {
  all: ['memory'] as const,
  search: (query: string) => ['memory', query] as const,
};
