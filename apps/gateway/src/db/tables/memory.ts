import type { Selectable } from 'kysely';
import type { Timestamp } from './columns';

/** §9: the built-in memory store, used while MEMORY_SERVICE_URL is unset. */

export interface MemoriesTable {
  id: string;
  user_id: string;
  content: string;
  category: string;
  priority: number;
  /** Distinct search tokens (text/tokens.ts), GIN-indexed; the same matching as knowledge. */
  terms: string[];
  term_freqs: number[];
  token_count: number;
  created_at: Timestamp;
}
export type MemoryRow = Selectable<MemoriesTable>;

export interface MemoryTables {
  memories: MemoriesTable;
}
