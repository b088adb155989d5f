/** Every memory query (list and searches) lives under this key. */
export const MEMORY_KEY = ['memory'] as const;
