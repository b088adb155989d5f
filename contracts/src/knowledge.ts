import { z } from 'zod';
import { c, meta } from './common/contract';
import { ErrorBodySchema } from './common/errors';
import { statusBody } from './common/responses';
import { Rfc3339Schema } from './common/time';

/** §8 知识库 */

const CountSchema = z.number().int().nonnegative();

// ── Knowledge bases ───────────────────────────────────────────────────────────

export const KnowledgeBaseSchema = z.object({
  id: z.string().uuid(),
  user_id: z.string().describe('Owner'),
  name: z.string(),
  description: z.string().describe('"" when none was given'),
  created_at: Rfc3339Schema,
  updated_at: Rfc3339Schema,
  doc_count: CountSchema.describe('Documents in this knowledge base'),
});
export type KnowledgeBase = z.infer<typeof KnowledgeBaseSchema>;

const kbName = () =>
  z
    .string({ required_error: '知识库名称不能为空', invalid_type_error: '知识库名称不能为空' })
    .trim()
    .min(1, '知识库名称不能为空')
    .max(100, '知识库名称不能超过 100 个字符');

const kbDescription = () =>
  z
    .string({ invalid_type_error: '知识库描述必须是字符串' })
    .max(2000, '知识库描述不能超过 2000 个字符')
    .optional();

export const CreateKnowledgeBaseBodySchema = z.object({
  name: kbName(),
  description: kbDescription().describe('Optional; "" when absent'),
});
export type CreateKnowledgeBaseBody = z.infer<typeof CreateKnowledgeBaseBodySchema>;

export const UpdateKnowledgeBaseBodySchema = z.object({
  name: kbName(),
  description: kbDescription().describe('Optional; absent keeps the current description, "" clears it'),
});
export type UpdateKnowledgeBaseBody = z.infer<typeof UpdateKnowledgeBaseBodySchema>;

export const KnowledgeBaseListSchema = z.object({
  knowledge_bases: z.array(KnowledgeBaseSchema),
  total: CountSchema,
});
export type KnowledgeBaseList = z.infer<typeof KnowledgeBaseListSchema>;

// ── Documents and chunks ──────────────────────────────────────────────────────

export const KnowledgeSourceTypeSchema = z.enum(['text', 'file', 'url'], {
  errorMap: () => ({ message: 'source_type 必须是 text、file 或 url' }),
});
export type KnowledgeSourceType = z.infer<typeof KnowledgeSourceTypeSchema>;

export const KnowledgeDocumentSchema = z.object({
  id: z.string().uuid(),
  kb_id: z.string(),
  user_id: z.string().describe('Owner'),
  title: z.string(),
  source_type: KnowledgeSourceTypeSchema,
  source_ref: z.string().describe('The file id for "file", the URL for "url", "" for "text"'),
  content_type: z
    .string()
    .describe(
      'MIME type of the source: "text/plain" for text, the file\'s mime_type, or the URL\'s Content-Type',
    ),
  raw_content: z
    .string()
    .describe('The full text that was chunked and indexed (HTML pages reduced to their text)'),
  chunk_count: CountSchema,
  created_at: Rfc3339Schema,
  updated_at: Rfc3339Schema,
});
export type KnowledgeDocument = z.infer<typeof KnowledgeDocumentSchema>;

export const AddKnowledgeDocumentBodySchema = z
  .object({
    title: z
      .string({ required_error: '文档标题不能为空', invalid_type_error: '文档标题不能为空' })
      .trim()
      .min(1, '文档标题不能为空')
      .max(200, '文档标题不能超过 200 个字符'),
    content: z
      .string({ invalid_type_error: '文档内容必须是字符串' })
      .optional()
      .describe('The text; required when source_type is "text"'),
    source_type: KnowledgeSourceTypeSchema.default('text'),
    file_id: z
      .string({ invalid_type_error: 'file_id 必须是字符串' })
      .optional()
      .describe('Required when source_type is "file": an uploaded text/* or application/json file'),
    url: z
      .string({ invalid_type_error: 'url 必须是字符串' })
      .optional()
      .describe(
        'Required when source_type is "url": an http(s) page to fetch. Not named by the spec; added here',
      ),
  })
  .superRefine((body, ctx) => {
    const missing = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (body.source_type === 'text' && !body.content?.trim()) missing('content', '文档内容不能为空');
    if (body.source_type === 'file' && !body.file_id) missing('file_id', 'file_id 不能为空');
    if (body.source_type === 'url') {
      if (!body.url) missing('url', 'url 不能为空');
      else if (!/^https?:\/\/[^\s/]+/i.test(body.url)) missing('url', 'url 格式无效 (仅支持 http/https)');
    }
  });
export type AddKnowledgeDocumentBody = z.infer<typeof AddKnowledgeDocumentBodySchema>;

export const KnowledgeDocumentListSchema = z.object({
  documents: z.array(KnowledgeDocumentSchema),
  total: CountSchema,
});
export type KnowledgeDocumentList = z.infer<typeof KnowledgeDocumentListSchema>;

export const KnowledgeBaseDetailSchema = z.object({
  knowledge_base: KnowledgeBaseSchema,
  documents: z.array(KnowledgeDocumentSchema),
});
export type KnowledgeBaseDetail = z.infer<typeof KnowledgeBaseDetailSchema>;

export const KnowledgeChunkSchema = z.object({
  id: z.string().uuid(),
  document_id: z.string(),
  index: CountSchema.describe('Position in the document, 0-based'),
  content: z.string().describe("Equals the document's raw_content.slice(char_start, char_end)"),
  char_start: CountSchema.describe(
    'Offset in raw_content (UTF-16 code units, as JavaScript strings count), inclusive',
  ),
  char_end: CountSchema.describe('Offset in raw_content, exclusive'),
});
export type KnowledgeChunk = z.infer<typeof KnowledgeChunkSchema>;

export const KnowledgeDocumentDetailSchema = z.object({
  document: KnowledgeDocumentSchema,
  chunks: z.array(KnowledgeChunkSchema).describe('In document order'),
});
export type KnowledgeDocumentDetail = z.infer<typeof KnowledgeDocumentDetailSchema>;

// ── Search ────────────────────────────────────────────────────────────────────

export const KnowledgeSearchBodySchema = z.object({
  query: z
    .string({ required_error: '查询内容不能为空', invalid_type_error: '查询内容不能为空' })
    .trim()
    .min(1, '查询内容不能为空')
    .max(1000, '查询内容不能超过 1000 个字符'),
  kb_ids: z
    .array(z.string().uuid('kb_ids 必须是知识库 ID (UUID)'), { invalid_type_error: 'kb_ids 必须是数组' })
    .max(100, 'kb_ids 最多 100 个')
    .optional()
    .describe("Knowledge bases to search; absent or empty: all of the caller's"),
  limit: z
    .number({ invalid_type_error: 'limit 必须是 1-50 的整数' })
    .int('limit 必须是 1-50 的整数')
    .min(1, 'limit 必须是 1-50 的整数')
    .max(50, 'limit 必须是 1-50 的整数')
    .default(5),
});
export type KnowledgeSearchBody = z.infer<typeof KnowledgeSearchBodySchema>;

export const SearchChunkResultSchema = z.object({
  chunk_id: z.string(),
  document_id: z.string(),
  document_title: z.string(),
  kb_id: z.string(),
  content: z.string(),
  chunk_index: CountSchema.describe("The chunk's 0-based position in its document"),
  score: z
    .number()
    .min(0)
    .max(1)
    .describe('Relevance, 0-1, higher is better; comparable within one response only'),
  match: z
    .enum(['lexical', 'vector', 'hybrid'])
    .describe(
      'Which index found it: full-text only, embeddings only, or both. Without an embedding model every match is lexical',
    ),
});
export type SearchChunkResult = z.infer<typeof SearchChunkResultSchema>;

export const KnowledgeSearchResultSchema = z.object({
  chunks: z.array(SearchChunkResultSchema).describe('Best first'),
  total: CountSchema.describe('Number of chunks returned (at most limit)'),
  query: z.string().describe('The query as searched (trimmed)'),
});
export type KnowledgeSearchResult = z.infer<typeof KnowledgeSearchResultSchema>;

// ── Re-indexing (beyond the spec) ─────────────────────────────────────────────

export const KnowledgeReindexSchema = z.object({
  status: z.literal('reindexing'),
  documents: CountSchema.describe('Documents queued for re-chunking and re-embedding'),
});
export type KnowledgeReindex = z.infer<typeof KnowledgeReindexSchema>;

const KbIdParamsSchema = z.object({ id: z.string().describe('Knowledge base id') });
const DocumentIdParamsSchema = z.object({ id: z.string().describe('Document id') });

export const knowledgeContract = c.router({
  createKnowledgeBase: {
    method: 'POST',
    path: '/knowledge/bases',
    summary: '创建知识库',
    body: CreateKnowledgeBaseBodySchema,
    responses: { 201: KnowledgeBaseSchema },
    metadata: meta({ auth: 'user' }),
  },
  listKnowledgeBases: {
    method: 'GET',
    path: '/knowledge/bases',
    summary: '列表',
    description: "The caller's knowledge bases, newest first.",
    responses: { 200: KnowledgeBaseListSchema },
    metadata: meta({ auth: 'user' }),
  },
  getKnowledgeBase: {
    method: 'GET',
    path: '/knowledge/bases/:id',
    summary: '详情(含文档列表)',
    description: "Documents newest first. Another user's knowledge base answers 404.",
    pathParams: KbIdParamsSchema,
    responses: { 200: KnowledgeBaseDetailSchema },
    metadata: meta({ auth: 'user' }),
  },
  updateKnowledgeBase: {
    method: 'PUT',
    path: '/knowledge/bases/:id',
    summary: '更新',
    description: 'name is required; an absent description is left as it is.',
    pathParams: KbIdParamsSchema,
    body: UpdateKnowledgeBaseBodySchema,
    responses: { 200: statusBody('updated') },
    metadata: meta({ auth: 'user' }),
  },
  deleteKnowledgeBase: {
    method: 'DELETE',
    path: '/knowledge/bases/:id',
    summary: '删除',
    description: 'Deletes its documents and chunks too. Uploaded files used as sources are kept.',
    pathParams: KbIdParamsSchema,
    responses: { 200: statusBody('deleted') },
    metadata: meta({ auth: 'user' }),
  },
  addKnowledgeDocument: {
    method: 'POST',
    path: '/knowledge/bases/:id/documents',
    summary: '添加文档',
    description:
      'source_type "text" takes `content`; "file" reads the caller\'s uploaded file `file_id` (text/* and application/json only, ' +
      'else 400 unsupported_type; unknown file 404); "url" fetches `url` (a field the spec does not name; http/https only). ' +
      'A URL that cannot be fetched answers 502. The document is chunked and indexed before the response.',
    pathParams: KbIdParamsSchema,
    body: AddKnowledgeDocumentBodySchema,
    responses: { 201: KnowledgeDocumentSchema, 502: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  listKnowledgeDocuments: {
    method: 'GET',
    path: '/knowledge/bases/:id/documents',
    summary: '文档列表',
    description: 'Newest first.',
    pathParams: KbIdParamsSchema,
    responses: { 200: KnowledgeDocumentListSchema },
    metadata: meta({ auth: 'user' }),
  },
  getKnowledgeDocument: {
    method: 'GET',
    path: '/knowledge/documents/:id',
    summary: '文档详情(含分块)',
    pathParams: DocumentIdParamsSchema,
    responses: { 200: KnowledgeDocumentDetailSchema },
    metadata: meta({ auth: 'user' }),
  },
  deleteKnowledgeDocument: {
    method: 'DELETE',
    path: '/knowledge/documents/:id',
    summary: '删除',
    description: 'Deletes its chunks too.',
    pathParams: DocumentIdParamsSchema,
    responses: { 200: statusBody('deleted') },
    metadata: meta({ auth: 'user' }),
  },
  searchKnowledge: {
    method: 'POST',
    path: '/knowledge/search',
    summary: '语义搜索',
    description:
      "Searches the caller's knowledge bases: full-text always, plus embeddings when an embedding model is configured, " +
      "merged by rank. A kb_ids entry that is unknown or not the caller's answers 404.",
    body: KnowledgeSearchBodySchema,
    responses: { 200: KnowledgeSearchResultSchema, 404: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  reindexKnowledgeBase: {
    method: 'POST',
    path: '/knowledge/bases/:id/reindex',
    summary: '重建索引',
    description:
      'Not in the spec: re-chunks and re-embeds every document in the background with the currently configured embedding ' +
      'model (after a model change). Allowed to the owner and to the administrator; answers at once with 202. ' +
      'A reindex already running for the same knowledge base is not started twice.',
    pathParams: KbIdParamsSchema,
    body: c.noBody(),
    responses: { 202: KnowledgeReindexSchema },
    metadata: meta({ auth: 'user' }),
  },
});
