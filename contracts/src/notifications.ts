import { z } from 'zod';
import { UserIdSchema } from './auth';
import { c, meta } from './common/contract';
import { ErrorBodySchema } from './common/errors';
import { queryBool, queryInt } from './common/query';
import { PassthroughObjectSchema, SuccessBodySchema } from './common/responses';
import { Rfc3339Schema } from './common/time';

/** §11 通知推送 */

export const NOTIFICATION_TYPES = ['info', 'warning', 'success', 'thinking', 'reminder'] as const;
export const NotificationTypeSchema = z.enum(NOTIFICATION_TYPES, {
  errorMap: (_issue, ctx) => ({
    message:
      ctx.data === undefined ? '通知类型不能为空' : `通知类型无效,可选: ${NOTIFICATION_TYPES.join('|')}`,
  }),
});
export type NotificationType = z.infer<typeof NotificationTypeSchema>;

export const PushNotificationBodySchema = z.object({
  user_id: z
    .string({ required_error: '用户ID不能为空', invalid_type_error: '用户ID不能为空' })
    .min(1, '用户ID不能为空')
    .describe('Recipient. A non-admin may only name themselves'),
  type: NotificationTypeSchema,
  title: z
    .string({ required_error: '标题不能为空', invalid_type_error: '标题不能为空' })
    .min(1, '标题不能为空')
    .max(200, '标题不能超过 200 个字符'),
  body: z
    .string({ required_error: '内容不能为空', invalid_type_error: '内容不能为空' })
    .min(1, '内容不能为空')
    .max(10000, '内容不能超过 10000 个字符'),
  data: PassthroughObjectSchema.optional().describe(
    'Free JSON object handed to the client with the notification',
  ),
});
export type PushNotificationBody = z.infer<typeof PushNotificationBodySchema>;

/** What POST /notifications/push answers with. */
export const PushedNotificationSchema = z.object({
  id: z.string().uuid(),
  type: NotificationTypeSchema,
  title: z.string(),
  user_id: UserIdSchema,
  timestamp: Rfc3339Schema,
  delivered: z.boolean().describe('true: the recipient had at least one open WebSocket connection'),
});
export type PushedNotification = z.infer<typeof PushedNotificationSchema>;

/** A notification as kept in the recipient's outbox. */
export const StoredNotificationSchema = z.object({
  id: z.string().uuid(),
  user_id: UserIdSchema,
  type: NotificationTypeSchema,
  title: z.string(),
  body: z.string(),
  data: PassthroughObjectSchema.describe('{} when none was given'),
  timestamp: Rfc3339Schema,
  read_at: Rfc3339Schema.nullable().describe('null while unread'),
});
export type StoredNotification = z.infer<typeof StoredNotificationSchema>;

export const ListNotificationsQuerySchema = z.object({
  after_id: z
    .string()
    .optional()
    .describe(
      'Only notifications stored after this one, oldest first (catch-up after a reconnect). An id the server no longer holds: every retained notification',
    ),
  unread: queryBool().describe('true: only unread; false: only read; absent: both'),
  limit: queryInt(50, { min: 1, max: 200 }),
  offset: queryInt(0, { min: 0 }),
});
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuerySchema>;

export const notificationsContract = c.router({
  pushNotification: {
    method: 'POST',
    path: '/notifications/push',
    summary: '推送通知',
    description:
      'Stores the notification in the recipient’s outbox and sends it over every open WebSocket connection of theirs, on every gateway instance. A non-admin pushing to another user_id gets 403; an unknown user_id 404 {"error":"用户不存在"}.',
    body: PushNotificationBodySchema,
    responses: {
      200: z.object({ success: z.literal(true), notification: PushedNotificationSchema }),
      404: ErrorBodySchema,
    },
    metadata: meta({ auth: 'user' }),
  },
  listNotifications: {
    method: 'GET',
    path: '/notifications',
    summary: '通知列表',
    description:
      'The caller’s outbox: newest first, or oldest first with after_id. total = all notifications matching the filters (not just this page).',
    query: ListNotificationsQuerySchema,
    responses: {
      200: z.object({ notifications: z.array(StoredNotificationSchema), total: z.number().int() }),
    },
    metadata: meta({ auth: 'user' }),
  },
  markNotificationRead: {
    method: 'POST',
    path: '/notifications/:id/read',
    summary: '标记已读',
    description:
      'Idempotent: an already-read notification keeps its read_at. Another user’s or an unknown id: 404 {"error":"通知不存在"}.',
    pathParams: z.object({ id: z.string().describe('Notification id (uuid)') }),
    body: c.noBody(),
    responses: { 200: SuccessBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  markAllNotificationsRead: {
    method: 'POST',
    path: '/notifications/read-all',
    summary: '全部标记已读',
    description: 'count = how many notifications were unread and are now read.',
    body: c.noBody(),
    responses: { 200: z.object({ success: z.literal(true), count: z.number().int().nonnegative() }) },
    metadata: meta({ auth: 'user' }),
  },
});
