import type {
  CreateMemoryBody,
  ListMemoryQuery,
  MemoryCreated,
  MemoryList,
  MemorySearchResult,
  SearchMemoryQuery,
} from '@cyrene/contracts';
import type { Transaction } from 'kysely';
import { ownerOf } from '../db/owner';
import type { Database } from '../db/schema';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/principal';
import type { MemoryAccountData, MemoryAccountImport } from './account-data';
import type { MemoryStore } from './store';

/**
 * §9: whose memories a caller reaches. Everyone reaches their own; only the administrator may
 * name another user (`user_id`), and only the administrator may delete another user's memory.
 */
export class MemoryService {
  constructor(private readonly store: MemoryStore) {}

  private target(principal: Principal, userId: string | undefined): string {
    if (userId === undefined || userId === principal.userId) return principal.userId;
    if (!principal.isAdmin) throw new ApiError('admin_only', '仅限管理员操作');
    return userId;
  }

  search(principal: Principal, query: SearchMemoryQuery): Promise<MemorySearchResult> {
    return this.store.search(this.target(principal, query.user_id), query.q, query.limit);
  }

  list(principal: Principal, query: ListMemoryQuery): Promise<MemoryList> {
    return this.store.list(this.target(principal, query.user_id));
  }

  async create(principal: Principal, body: CreateMemoryBody): Promise<MemoryCreated> {
    return { success: true, memory: await this.store.create(principal.userId, body) };
  }

  async remove(principal: Principal, id: string): Promise<void> {
    if (!(await this.store.remove(id, ownerOf(principal), principal.userId)))
      throw new ApiError('not_found', '记忆不存在');
  }

  /* ---------- the account archive (account-export/) ---------- */

  /** The user's memories, from whichever store keeps them. */
  async exportFor(userId: string): Promise<MemoryAccountData> {
    const { memories } = await this.store.list(userId);
    return {
      memories: memories.map((m) => ({
        id: m.id,
        content: m.content,
        category: m.category,
        priority: m.priority,
        created_at: m.created_at,
      })),
    };
  }

  /** Adds archived memories to the user (in the caller's transaction where the store is ours). */
  async importFor(userId: string, data: MemoryAccountImport, tx: Transaction<Database>): Promise<void> {
    const { takenId } = await this.store.importFor(userId, data, tx);
    if (takenId !== undefined) {
      throw new ApiError('conflict', `记忆 ${takenId} 已存在`, '该记忆 ID 已被本网关上的记忆使用,无法导入');
    }
  }
}
