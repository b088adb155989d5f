/** TanStack Query keys of the knowledge screens; `all` is the prefix of every one. */
export const knowledgeKeys = {
  all: ['knowledge'] as const,
  bases: ['knowledge', 'bases'] as const,
  base: (id: string) => ['knowledge', 'base', id] as const,
  document: (id: string) => ['knowledge', 'document', id] as const,
};
