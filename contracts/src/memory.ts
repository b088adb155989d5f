import { z } from 'zod';
import { UserIdSchema } from './auth';
import { c, meta } from './common/contract';
import { ErrorBodySchema } from './common/errors';
import { queryInt } from './common/query';
import { SuccessBodySchema } from './common/responses';
import { Rfc3339Schema } from './common/time';

/** §9 记忆管理 */

export const MemoryItemSchema = z.object({
  id: z
    .string()
    .describe('Memory id (a UUID in the built-in store; whatever Memory-Service gives otherwise)'),
  user_id: UserIdSchema,
  content: z.string(),
  category: z.string().describe('Free-form label, "other" by default'),
  priority: z.number().int().min(1).max(10).describe('1 (lowest) to 10'),
  created_at: Rfc3339Schema,
  score: z.number().optional().describe('Search results only: relevance, higher is better'),
});
export type MemoryItem = z.infer<typeof MemoryItemSchema>;

const TargetUserSchema = UserIdSchema.optional().describe(
  'Whose memories; defaults to the caller. Only the administrator may name another user (others: 403 admin_only)',
);

export const SearchMemoryQuerySchema = z.object({
  q: z
    .string({ required_error: '搜索关键词不能为空' })
    .trim()
    .min(1, '搜索关键词不能为空')
    .max(1000, '搜索关键词不能超过 1000 个字符'),
  user_id: TargetUserSchema,
  limit: queryInt(10, { min: 1, max: 50 }).describe('Not in the spec: most results to return'),
});
export type SearchMemoryQuery = z.infer<typeof SearchMemoryQuerySchema>;

export const ListMemoryQuerySchema = z.object({ user_id: TargetUserSchema });
export type ListMemoryQuery = z.infer<typeof ListMemoryQuerySchema>;

export const CreateMemoryBodySchema = z.object({
  content: z
    .string({ required_error: '记忆内容不能为空', invalid_type_error: '记忆内容不能为空' })
    .trim()
    .min(1, '记忆内容不能为空')
    .max(10000, '记忆内容不能超过 10000 个字符'),
  category: z
    .string({ invalid_type_error: 'category 必须是字符串' })
    .trim()
    .min(1, 'category 不能为空')
    .max(32, 'category 不能超过 32 个字符')
    .default('other'),
  priority: z
    .number({ invalid_type_error: 'priority 必须是 1-10 的整数' })
    .int('priority 必须是 1-10 的整数')
    .min(1, 'priority 必须是 1-10 的整数')
    .max(10, 'priority 必须是 1-10 的整数')
    .default(1),
});
export type CreateMemoryBody = z.infer<typeof CreateMemoryBodySchema>;

export const DeleteMemoryQuerySchema = z.object({
  id: z.string({ required_error: '记忆 id 不能为空' }).min(1, '记忆 id 不能为空'),
});
export type DeleteMemoryQuery = z.infer<typeof DeleteMemoryQuerySchema>;

export const MemoryListSchema = z.object({
  memories: z.array(MemoryItemSchema).describe('Newest first'),
  total: z.number().int().nonnegative(),
});
export type MemoryList = z.infer<typeof MemoryListSchema>;

export const MemorySearchResultSchema = MemoryListSchema.extend({
  memories: z.array(MemoryItemSchema).describe('Best first, each with score'),
  query: z.string().describe('The query as searched (trimmed)'),
});
export type MemorySearchResult = z.infer<typeof MemorySearchResultSchema>;

export const MemoryCreatedSchema = SuccessBodySchema.extend({ memory: MemoryItemSchema });
export type MemoryCreated = z.infer<typeof MemoryCreatedSchema>;

const UNREACHABLE =
  'With MEMORY_SERVICE_URL set this proxies to Memory-Service; when it cannot be reached: ' +
  '502 {"error":"Memory-Service 不可达: <reason>","errorType":"memory_service_unreachable"}. ' +
  'Unset, the built-in store answers and 502 does not occur.';

export const memoryContract = c.router({
  searchMemory: {
    method: 'GET',
    path: '/memory/search',
    summary: '搜索',
    description: `Memory-Service: POST /memories/query. ${UNREACHABLE}`,
    query: SearchMemoryQuerySchema,
    responses: { 200: MemorySearchResultSchema, 502: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  listMemory: {
    method: 'GET',
    path: '/memory',
    summary: '列表',
    description: `Memory-Service: GET /memories. ${UNREACHABLE}`,
    query: ListMemoryQuerySchema,
    responses: { 200: MemoryListSchema, 502: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  createMemory: {
    method: 'POST',
    path: '/memory',
    summary: '添加',
    description: `Stores a memory for the caller. Memory-Service: POST /memories. ${UNREACHABLE}`,
    body: CreateMemoryBodySchema,
    responses: { 201: MemoryCreatedSchema, 502: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  deleteMemory: {
    method: 'DELETE',
    path: '/memory',
    summary: '删除',
    description:
      'Answers {"success":true}, like the rest of this area. An unknown id, or another user\'s (unless the caller is the administrator), answers 404. ' +
      `Memory-Service: DELETE /memories/{id}. ${UNREACHABLE}`,
    query: DeleteMemoryQuerySchema,
    responses: { 200: SuccessBodySchema, 404: ErrorBodySchema, 502: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
});
