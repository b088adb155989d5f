import type { CreateMemoryBody, MemoryItem, MemoryList, MemorySearchResult } from '@cyrene/contracts';
import {
  MEMORY_SERVICE_PATHS,
  type MemoryServiceCreateRequest,
  MemoryServiceItemSchema,
  MemoryServiceListResponseSchema,
  type MemoryServiceQueryRequest,
  MemoryServiceQueryResponseSchema,
} from '@cyrene/contracts/upstream';
import type { z } from 'zod';
import type { Owner } from '../db/owner';
import { ApiError } from '../http/api-error';
import { type GuardedResponse, guardedFetch } from '../upstreams/guarded-fetch';
import type { MemoryAccountImport } from './account-data';
import { toRemoteMemoryItem } from './mapper';
import type { MemoryStore } from './store';

const unreachable = (reason: string) =>
  new ApiError('memory_service_unreachable', `Memory-Service 不可达: ${reason}`);

/**
 * The four memory calls proxied to a Memory-Service (docs/api-sections.md): POST
 * /memories/query, GET /memories, POST /memories, DELETE /memories/{id}. A service that cannot
 * be reached, answers 5xx, or answers something unreadable is 502 memory_service_unreachable.
 */
export class RemoteMemoryStore implements MemoryStore {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async search(userId: string, query: string, limit: number): Promise<MemorySearchResult> {
    const request: MemoryServiceQueryRequest = { user_id: userId, query, limit };
    const res = await this.send('POST', MEMORY_SERVICE_PATHS.query, request);
    const memories = this.parse(res, MemoryServiceQueryResponseSchema).memories.map(toRemoteMemoryItem);
    return { memories, total: memories.length, query };
  }

  async list(userId: string): Promise<MemoryList> {
    const res = await this.send(
      'GET',
      `${MEMORY_SERVICE_PATHS.list}?${new URLSearchParams({ user_id: userId })}`,
    );
    const body = this.parse(res, MemoryServiceListResponseSchema);
    return { memories: body.memories.map(toRemoteMemoryItem), total: body.total ?? body.memories.length };
  }

  async create(userId: string, body: CreateMemoryBody): Promise<MemoryItem> {
    const request: MemoryServiceCreateRequest = { user_id: userId, ...body };
    const res = await this.send('POST', MEMORY_SERVICE_PATHS.create, request);
    return toRemoteMemoryItem(this.parse(res, MemoryServiceItemSchema));
  }

  /** Memory-Service deletes by owner: the administrator names no owner, so theirs is sent. */
  async remove(id: string, owner: Owner, callerId: string): Promise<boolean> {
    const query = new URLSearchParams({ user_id: owner === 'anyone' ? callerId : owner.userId });
    const res = await this.send('DELETE', `${MEMORY_SERVICE_PATHS.remove(id)}?${query}`);
    if (res.status === 404) return false;
    this.check(res);
    return true;
  }

  /** The Memory-Service gives each memory its own id and time; none can already be in use. */
  async importFor(userId: string, data: MemoryAccountImport): Promise<{ takenId?: string }> {
    for (const m of data.memories) {
      await this.create(userId, { content: m.content, category: m.category, priority: m.priority });
    }
    return {};
  }

  private async send(method: string, path: string, body?: unknown): Promise<GuardedResponse> {
    try {
      return await guardedFetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        // The operator's own service, typically on the same host or network.
        allowPrivate: true,
        timeoutMs: this.timeoutMs,
      });
    } catch (e) {
      throw unreachable(e instanceof Error ? e.message : String(e));
    }
  }

  private check(res: GuardedResponse): void {
    if (res.status < 200 || res.status >= 300) throw unreachable(`HTTP ${res.status}`);
  }

  private parse<S extends z.ZodTypeAny>(res: GuardedResponse, schema: S): z.output<S> {
    this.check(res);
    let json: unknown;
    try {
      json = JSON.parse(res.text());
    } catch {
      throw unreachable('响应不是有效的 JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw unreachable('响应格式无效');
    return parsed.data;
  }
}
