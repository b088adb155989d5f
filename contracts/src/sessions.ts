import { z } from 'zod';
import { c, meta } from './common/contract';
import { type ErrorBody, ErrorBodySchema } from './common/errors';
import { queryInt } from './common/query';
import { statusBody } from './common/responses';
import { EpochMillisSchema } from './common/time';

/** §3 会话管理 */

/** The title a session gets when none is given. */
export const DEFAULT_SESSION_TITLE = '新的对话';

/** The spec's 404 body for a session that does not exist (or belongs to someone else). */
export const SESSION_NOT_FOUND_ERROR = {
  error: '会话不存在',
  errorType: 'session_not_found',
  hint: '该会话可能已被删除或尚未创建',
} as const satisfies ErrorBody;

export const SessionIdSchema = z
  .string()
  .describe('Session id; generated as "session_" + 12 random characters when the client gives none');

export const SessionSchema = z.object({
  id: SessionIdSchema,
  user_id: z.string().describe('Owner'),
  title: z.string(),
  is_main: z.boolean().describe("Whether this is the user's main (default) conversation"),
  created_at: EpochMillisSchema,
  updated_at: EpochMillisSchema.describe(
    'Unix epoch milliseconds; moves forward whenever a message is added',
  ),
});
export type Session = z.infer<typeof SessionSchema>;

export const CreateSessionBodySchema = z
  .object({
    session_id: z
      .string({ invalid_type_error: '会话 ID 必须是字符串' })
      .trim()
      .min(1, '会话 ID 不能为空')
      .max(128, '会话 ID 最多 128 个字符')
      .optional()
      .describe('Optional; generated ("session_" + 12 random characters) when absent'),
    title: z
      .string({ invalid_type_error: '标题必须是字符串' })
      .trim()
      .min(1, '标题不能为空')
      .max(200, '标题最多 200 个字符')
      .default(DEFAULT_SESSION_TITLE),
    is_main: z.boolean({ invalid_type_error: 'is_main 必须是布尔值' }).default(false),
  })
  .default({})
  .describe('All fields optional; an empty body (or none) is accepted');
export type CreateSessionBody = z.input<typeof CreateSessionBodySchema>;

export const UpdateSessionBodySchema = z.object({
  title: z
    .string({ required_error: '标题不能为空', invalid_type_error: '标题必须是字符串' })
    .trim()
    .min(1, '标题不能为空')
    .max(100, '标题最多 100 个字符'),
});
export type UpdateSessionBody = z.input<typeof UpdateSessionBodySchema>;

/** `?user_id=`: admins may name any user; anyone else naming another user gets 403. */
const UserScopeQuerySchema = z.object({
  user_id: z
    .string()
    .optional()
    .describe(
      'Whose sessions. Absent: the caller. Only the administrator may name another user (others get 403)',
    ),
});

export const ListSessionsQuerySchema = UserScopeQuerySchema;
export type ListSessionsQuery = z.infer<typeof ListSessionsQuerySchema>;

export const SessionListSchema = z.object({
  sessions: z.array(SessionSchema).describe('Most recently updated first'),
});
export type SessionList = z.infer<typeof SessionListSchema>;

export const DeleteAllSessionsQuerySchema = UserScopeQuerySchema;
export type DeleteAllSessionsQuery = z.infer<typeof DeleteAllSessionsQuerySchema>;

export const MessageRoleSchema = z.enum(['user', 'assistant', 'system', 'action']);
export type MessageRole = z.infer<typeof MessageRoleSchema>;

export const MessageTypeSchema = z.enum(['chat', 'action']);
export type MessageType = z.infer<typeof MessageTypeSchema>;

/** A stored message of a session. */
export const MessageSchema = z.object({
  id: z
    .number()
    .int()
    .describe(
      'Stored message id; WebSocket frames, search results and webhooks carry it as a string (message_id)',
    ),
  session_id: SessionIdSchema,
  role: MessageRoleSchema,
  msg_type: MessageTypeSchema,
  content: z.string(),
  created_at: EpochMillisSchema,
});
export type Message = z.infer<typeof MessageSchema>;

export const ListMessagesQuerySchema = z.object({
  limit: queryInt(50, { min: 1, max: 500 }),
  offset: queryInt(0, { min: 0 }),
});
export type ListMessagesQuery = z.infer<typeof ListMessagesQuerySchema>;

export const MessageListSchema = z.object({
  messages: z
    .array(MessageSchema)
    .describe(
      'The `limit` most recent messages after skipping the `offset` most recent ones, in chronological order (oldest first)',
    ),
});
export type MessageList = z.infer<typeof MessageListSchema>;

export const ExportFormatSchema = z.enum(['json', 'markdown', 'txt']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const ExportSessionQuerySchema = z.object({
  format: ExportFormatSchema.default('json'),
});
export type ExportSessionQuery = z.infer<typeof ExportSessionQuerySchema>;

/** The file `GET /sessions/:id/export?format=json` downloads. */
export const SessionExportSchema = z.object({
  session: SessionSchema.pick({ id: true, title: true, created_at: true, updated_at: true }),
  messages: z
    .array(MessageSchema.pick({ role: true, content: true, created_at: true }))
    .describe('Every message of the session, oldest first'),
});
export type SessionExport = z.infer<typeof SessionExportSchema>;

const SessionIdParamsSchema = z.object({ id: z.string().describe('Session id') });

const NOT_FOUND_NOTE =
  'A missing session, or one owned by another user (for non-admins), answers 404 ' +
  '{"error":"会话不存在","errorType":"session_not_found","hint":"该会话可能已被删除或尚未创建"}.';

export const sessionsContract = c.router({
  createSession: {
    method: 'POST',
    path: '/sessions',
    summary: '创建会话',
    description:
      'All fields optional, an empty body is accepted. The session belongs to the caller. ' +
      "A session_id that already exists (whoever owns it) answers 409 errorType conflict. With is_main=true the caller's previous main session stops being main.",
    body: CreateSessionBodySchema,
    responses: { 201: SessionSchema, 409: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  listSessions: {
    method: 'GET',
    path: '/sessions',
    summary: '列表',
    description:
      "Admins may list any user's sessions with ?user_id=; a non-admin naming another user gets 403.",
    query: ListSessionsQuerySchema,
    responses: { 200: SessionListSchema },
    metadata: meta({ auth: 'user' }),
  },
  getSession: {
    method: 'GET',
    path: '/sessions/:id',
    summary: '详情',
    description: NOT_FOUND_NOTE,
    pathParams: SessionIdParamsSchema,
    responses: { 200: SessionSchema },
    metadata: meta({ auth: 'user' }),
  },
  updateSession: {
    method: 'PATCH',
    path: '/sessions/:id',
    summary: '重命名',
    description:
      'Sets the title (trimmed, 1-100 characters). updated_at stays as it was: it follows messages only. ' +
      `The administrator may rename anyone's session. ${NOT_FOUND_NOTE}`,
    pathParams: SessionIdParamsSchema,
    body: UpdateSessionBodySchema,
    responses: { 200: SessionSchema },
    metadata: meta({ auth: 'user' }),
  },
  deleteSession: {
    method: 'DELETE',
    path: '/sessions/:id',
    summary: '删除',
    description: `Deletes the session and all its messages. ${NOT_FOUND_NOTE}`,
    pathParams: SessionIdParamsSchema,
    responses: { 200: statusBody('deleted') },
    metadata: meta({ auth: 'user' }),
  },
  deleteAllSessions: {
    method: 'DELETE',
    path: '/sessions',
    summary: '清空全部',
    description:
      'Deletes every session (and its messages) of the caller, or of ?user_id= for admins (a non-admin naming another user gets 403, nothing deleted). ' +
      'Answers {"status":"deleted"} even when there was nothing to delete.',
    query: DeleteAllSessionsQuerySchema,
    responses: { 200: statusBody('deleted') },
    metadata: meta({ auth: 'user' }),
  },
  listMessages: {
    method: 'GET',
    path: '/sessions/:id/messages',
    summary: '消息',
    description:
      'Pages back from the newest message: offset=0 gives the latest `limit` messages; each page is returned oldest first. ' +
      NOT_FOUND_NOTE,
    pathParams: SessionIdParamsSchema,
    query: ListMessagesQuerySchema,
    responses: { 200: MessageListSchema },
    metadata: meta({ auth: 'user' }),
  },
  clearMessages: {
    method: 'DELETE',
    path: '/sessions/:id/messages',
    summary: '清空服务器本地所有消息',
    description: `Deletes every message of the session; the session itself stays. ${NOT_FOUND_NOTE}`,
    pathParams: SessionIdParamsSchema,
    responses: { 200: statusBody('cleared') },
    metadata: meta({ auth: 'user' }),
  },
  exportSession: {
    method: 'GET',
    path: '/sessions/:id/export',
    summary: '导出',
    description:
      'A file download: Content-Disposition: attachment; filename="<session id>.<json|md|txt>"; ' +
      'filename*=UTF-8\'\'<title>.<ext> (RFC 5987, percent-encoded UTF-8; characters no file system takes become "_"). ' +
      'format=json: application/json; charset=utf-8, shaped as SessionExportSchema. ' +
      'format=markdown: text/markdown; charset=utf-8 — "# <title>", then per message a "### <role> · <RFC 3339 time>" heading and its content. ' +
      'format=txt: text/plain; charset=utf-8 — per message "[<RFC 3339 time>] <role>: <content>", separated by blank lines. ' +
      `Messages oldest first. ${NOT_FOUND_NOTE}`,
    pathParams: SessionIdParamsSchema,
    query: ExportSessionQuerySchema,
    responses: {
      200: c.otherResponse({ contentType: 'application/json', body: c.type<SessionExport | string>() }),
    },
    metadata: meta({ auth: 'user' }),
  },
});
