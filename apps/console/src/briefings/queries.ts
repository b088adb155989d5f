/** TanStack Query keys of the briefings screen; `all` is the prefix of every one. */
export const briefingKeys = {
  all: ['briefings'] as const,
  today: ['briefings', 'today'] as const,
  latest: ['briefings', 'latest'] as const,
  settings: ['briefings', 'settings'] as const,
};
