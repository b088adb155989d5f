import { z } from 'zod';
import { c, meta } from './common/contract';
import { queryInt } from './common/query';
import { EpochMillisSchema } from './common/time';
import { MessageRoleSchema, SessionIdSchema } from './sessions';

/** §4 消息搜索 */

export const SearchMessagesQuerySchema = z.object({
  q: z
    .string({ required_error: '搜索关键词不能为空', invalid_type_error: '搜索关键词不能为空' })
    .trim()
    .min(1, '搜索关键词不能为空')
    .max(200, '搜索关键词最多 200 个字符')
    .describe('Keyword; matched as a case-insensitive substring of the message content'),
  user_id: z
    .string()
    .optional()
    .describe(
      'Whose messages to search. Absent: the caller. Only the administrator may name another user (others get 403)',
    ),
  limit: queryInt(50, { min: 1, max: 200 }),
  offset: queryInt(0, { min: 0 }),
});
export type SearchMessagesQuery = z.infer<typeof SearchMessagesQuerySchema>;

export const MessageSearchResultSchema = z.object({
  message_id: z.string().describe('The stored message id (Message.id) as a string'),
  session_id: SessionIdSchema,
  session_title: z.string(),
  role: MessageRoleSchema,
  content: z.string().describe('The whole message content'),
  created_at: EpochMillisSchema,
});
export type MessageSearchResult = z.infer<typeof MessageSearchResultSchema>;

export const MessageSearchPageSchema = z.object({
  results: z.array(MessageSearchResultSchema).describe('Newest first'),
  total: z.number().int().nonnegative().describe('All matches, not only this page'),
  query: z.string().describe('The keyword searched for (q, trimmed)'),
  limit: z.number().int().min(1),
  offset: z.number().int().nonnegative(),
});
export type MessageSearchPage = z.infer<typeof MessageSearchPageSchema>;

export const messagesContract = c.router({
  searchMessages: {
    method: 'GET',
    path: '/messages/search',
    summary: '全文搜索',
    description:
      "Searches the content of every message in the caller's sessions (admins: ?user_id=). " +
      'Case-insensitive substring match; LIKE wildcards in q are matched literally. Results newest first.',
    query: SearchMessagesQuerySchema,
    responses: { 200: MessageSearchPageSchema },
    metadata: meta({ auth: 'user' }),
  },
});
