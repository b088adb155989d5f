import { z } from 'zod';
import { UserIdSchema } from './auth';
import { IanaTimeZoneSchema } from './automation-rules';
import { c, meta } from './common/contract';
import { queryInt } from './common/query';
import { SuccessBodySchema } from './common/responses';
import { Rfc3339Schema } from './common/time';

/** §12 提醒管理 */

export const REMINDER_TIME_FORMAT_ERROR = '时间格式无效,请使用 ISO 8601 格式 (例如 2024-01-01T15:00:00Z)';

export const REMINDER_STATUSES = ['pending', 'completed', 'cancelled'] as const;
export const ReminderStatusSchema = z.enum(REMINDER_STATUSES, {
  errorMap: () => ({ message: `状态无效,可选: ${REMINDER_STATUSES.join('|')}` }),
});
export type ReminderStatus = z.infer<typeof ReminderStatusSchema>;

export const REMINDER_REPEAT_TYPES = ['none', 'daily', 'weekly', 'monthly'] as const;
export const ReminderRepeatTypeSchema = z.enum(REMINDER_REPEAT_TYPES, {
  errorMap: () => ({ message: `重复类型无效,可选: ${REMINDER_REPEAT_TYPES.join('|')}` }),
});
export type ReminderRepeatType = z.infer<typeof ReminderRepeatTypeSchema>;

export const ReminderSchema = z.object({
  id: z.string(),
  user_id: UserIdSchema,
  title: z.string(),
  description: z.string().describe('"" when none'),
  remind_at: Rfc3339Schema.describe('Next time the reminder fires (UTC)'),
  status: ReminderStatusSchema,
  repeat_type: ReminderRepeatTypeSchema,
  session_id: z.string().describe('Session the reminder is delivered into; "" when none'),
  notified: z.boolean().describe('true once the current remind_at has fired'),
  created_at: Rfc3339Schema,
  completed_at: Rfc3339Schema.nullable().describe('Set when status becomes completed or cancelled'),
  timezone: IanaTimeZoneSchema.describe(
    'Zone repeats are computed in, so a daily 08:00 stays 08:00 across DST changes',
  ),
});
export type Reminder = z.infer<typeof ReminderSchema>;

/** remind_at as a client sends it: ISO 8601; without an offset it is read in the reminder's timezone. */
export const RemindAtInputSchema = z
  .string({ required_error: '提醒时间不能为空', invalid_type_error: REMINDER_TIME_FORMAT_ERROR })
  .datetime({ offset: true, local: true, message: REMINDER_TIME_FORMAT_ERROR })
  .describe(
    'ISO 8601, e.g. 2024-01-01T15:00:00Z. Without Z/offset the time is read in `timezone`. A time already past fires at once',
  );

export const ListRemindersQuerySchema = z.object({
  user_id: z
    .string()
    .optional()
    .describe('Default: the caller. Only the administrator may name another user (others get 403)'),
  status: ReminderStatusSchema.optional(),
  limit: queryInt(50, { min: 1, max: 200 }),
  offset: queryInt(0, { min: 0 }),
});
export type ListRemindersQuery = z.infer<typeof ListRemindersQuerySchema>;

export const CreateReminderBodySchema = z.object({
  title: z
    .string({ required_error: '标题不能为空', invalid_type_error: '标题不能为空' })
    .trim()
    .min(1, '标题不能为空')
    .max(200, '标题不能超过 200 个字符'),
  description: z.string().max(2000, '描述不能超过 2000 个字符').default(''),
  remind_at: RemindAtInputSchema,
  repeat_type: ReminderRepeatTypeSchema.default('none'),
  session_id: z.string().default('').describe('Session to deliver the reminder into; "" = notification only'),
  timezone: IanaTimeZoneSchema.default('UTC'),
});
export type CreateReminderBody = z.infer<typeof CreateReminderBodySchema>;

export const UpdateReminderBodySchema = z
  .object({
    title: CreateReminderBodySchema.shape.title,
    description: z.string().max(2000, '描述不能超过 2000 个字符'),
    remind_at: CreateReminderBodySchema.shape.remind_at,
    repeat_type: ReminderRepeatTypeSchema,
    session_id: z.string(),
    timezone: IanaTimeZoneSchema,
    status: ReminderStatusSchema.describe(
      'completed|cancelled set completed_at; pending clears it (and notified when remind_at is in the future)',
    ),
  })
  .partial()
  .describe('Partial update: all fields optional. A new remind_at resets notified to false');
export type UpdateReminderBody = z.infer<typeof UpdateReminderBodySchema>;

const ReminderIdPathSchema = z.object({ id: z.string().describe('Reminder id') });
const ReminderBody = z.object({ success: z.literal(true), reminder: ReminderSchema });

export const remindersContract = c.router({
  listReminders: {
    method: 'GET',
    path: '/reminders',
    summary: '提醒列表',
    description:
      'Ordered by remind_at, soonest first. count = all reminders matching user_id/status (not just this page).',
    query: ListRemindersQuerySchema,
    responses: { 200: z.object({ reminders: z.array(ReminderSchema), count: z.number().int() }) },
    metadata: meta({ auth: 'user' }),
  },
  createReminder: {
    method: 'POST',
    path: '/reminders',
    summary: '创建提醒',
    description: `The caller owns the reminder. A bad remind_at answers 400 {"error":"${REMINDER_TIME_FORMAT_ERROR}"}.`,
    body: CreateReminderBodySchema,
    responses: { 201: ReminderBody },
    metadata: meta({ auth: 'user' }),
  },
  updateReminder: {
    method: 'PUT',
    path: '/reminders/:id',
    summary: '更新提醒',
    description: 'Another user’s or an unknown id: 404 {"error":"提醒不存在"}.',
    pathParams: ReminderIdPathSchema,
    body: UpdateReminderBodySchema,
    responses: { 200: ReminderBody },
    metadata: meta({ auth: 'user' }),
  },
  deleteReminder: {
    method: 'DELETE',
    path: '/reminders/:id',
    summary: '删除提醒',
    description: 'Another user’s or an unknown id: 404 {"error":"提醒不存在"}.',
    pathParams: ReminderIdPathSchema,
    responses: { 200: SuccessBodySchema },
    metadata: meta({ auth: 'user' }),
  },
});
