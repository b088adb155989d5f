import { z } from 'zod';

/**
 * A remote Memory-Service (MEMORY_SERVICE_URL). With it unset the gateway keeps memories
 * in its own database with the same item shape. Connection failures become 502
 * `memory_service_unreachable`.
 */

export const MEMORY_SERVICE_PATHS = {
  query: '/memories/query',
  list: '/memories',
  create: '/memories',
  /** `DELETE /memories/{id}` */
  remove: (id: string) => `/memories/${encodeURIComponent(id)}`,
} as const;

export const MemoryServiceItemSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  content: z.string(),
  category: z.string().describe('Free-form, "other" by default'),
  priority: z.number().int().describe('Higher is more important; 1 by default'),
  created_at: z.string().describe('RFC 3339'),
});
export type MemoryServiceItem = z.infer<typeof MemoryServiceItemSchema>;

/** `POST /memories/query` */
export const MemoryServiceQueryRequestSchema = z.object({
  user_id: z.string(),
  query: z.string().min(1),
  limit: z.number().int().min(1).max(100).optional(),
});
export type MemoryServiceQueryRequest = z.infer<typeof MemoryServiceQueryRequestSchema>;

export const MemoryServiceQueryResultSchema = MemoryServiceItemSchema.extend({
  score: z.number().optional().describe('Relevance, higher is closer'),
});
export type MemoryServiceQueryResult = z.infer<typeof MemoryServiceQueryResultSchema>;

export const MemoryServiceQueryResponseSchema = z.object({
  memories: z.array(MemoryServiceQueryResultSchema).describe('Most relevant first'),
});
export type MemoryServiceQueryResponse = z.infer<typeof MemoryServiceQueryResponseSchema>;

/** `GET /memories?user_id=&limit=&offset=` */
export const MemoryServiceListQuerySchema = z.object({
  user_id: z.string(),
  limit: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).optional(),
});
export type MemoryServiceListQuery = z.infer<typeof MemoryServiceListQuerySchema>;

export const MemoryServiceListResponseSchema = z.object({
  memories: z.array(MemoryServiceItemSchema).describe('Newest first'),
  total: z.number().int().nonnegative().optional(),
});
export type MemoryServiceListResponse = z.infer<typeof MemoryServiceListResponseSchema>;

/** `POST /memories` → 200/201 with the stored MemoryServiceItem. */
export const MemoryServiceCreateRequestSchema = z.object({
  user_id: z.string(),
  content: z.string().min(1),
  category: z.string().default('other'),
  priority: z.number().int().default(1),
});
export type MemoryServiceCreateRequest = z.input<typeof MemoryServiceCreateRequestSchema>;

/** `DELETE /memories/{id}?user_id=` → 200 (404 when it is not that user's). */
export const MemoryServiceDeleteQuerySchema = z.object({ user_id: z.string() });
export type MemoryServiceDeleteQuery = z.infer<typeof MemoryServiceDeleteQuerySchema>;

export const MemoryServiceDeleteResponseSchema = z.object({ status: z.literal('deleted') });
export type MemoryServiceDeleteResponse = z.infer<typeof MemoryServiceDeleteResponseSchema>;
