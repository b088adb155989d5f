import type { MemoryItem } from '@cyrene/contracts';
import type { MemoryServiceItem, MemoryServiceQueryResult } from '@cyrene/contracts/upstream';
import type { MemoryRow } from '../db/schema';

/** Rows and Memory-Service items → the contract's MemoryItem. */
export function toMemoryItem(row: MemoryRow, score?: number): MemoryItem {
  return {
    id: row.id,
    user_id: row.user_id,
    content: row.content,
    category: row.category,
    priority: row.priority,
    created_at: row.created_at.toISOString(),
    ...(score === undefined ? {} : { score }),
  };
}

/** Memory-Service ranks priority without bounds; the API's range is 1–10. */
const clampPriority = (p: number) => Math.min(10, Math.max(1, Math.round(p)));

export function toRemoteMemoryItem(item: MemoryServiceItem | MemoryServiceQueryResult): MemoryItem {
  return {
    id: item.id,
    user_id: item.user_id,
    content: item.content,
    category: item.category,
    priority: clampPriority(item.priority),
    created_at: item.created_at,
    ...('score' in item && item.score !== undefined ? { score: item.score } : {}),
  };
}
