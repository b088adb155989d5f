/** TanStack Query keys of the message search. */
export const searchKeys = {
  results: (query: string, offset: number) => ['messages', 'search', query, offset] as const,
};
