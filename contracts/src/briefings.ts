import { z } from 'zod';
import { UserIdSchema } from './auth';
import { ClockTimeSchema, IanaTimeZoneSchema } from './automation-rules';
import { c, meta } from './common/contract';
import { queryInt } from './common/query';
import { Rfc3339Schema } from './common/time';

/** §13 每日简报 */

export const BriefingDateSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式无效,请使用 YYYY-MM-DD')
  .describe('Calendar date, YYYY-MM-DD');

export const BriefingWeatherSchema = z.object({
  location: z.string(),
  temp: z.number().describe('°C'),
  condition: z.string(),
  icon: z.string().describe('An emoji, e.g. ☀️'),
});
export type BriefingWeather = z.infer<typeof BriefingWeatherSchema>;

export const BriefingNewsItemSchema = z.object({
  title: z.string(),
  url: z.string(),
  source: z.string(),
  summary: z.string(),
});
export type BriefingNewsItem = z.infer<typeof BriefingNewsItemSchema>;

export const BriefingReminderSchema = z.object({
  id: z.string(),
  title: z.string(),
  remind_at: Rfc3339Schema,
});
export type BriefingReminder = z.infer<typeof BriefingReminderSchema>;

export const BriefingSchema = z.object({
  id: z.string().describe('"brief_" + random characters'),
  user_id: UserIdSchema,
  date: BriefingDateSchema.describe('The day the briefing is for, in the user’s briefing timezone'),
  summary: z.string().describe('AI 生成或回退摘要'),
  summary_source: z.enum(['ai', 'fallback']).describe('fallback: the chat engine was unavailable'),
  status: z.enum(['pending', 'generated', 'delivered']),
  weather: BriefingWeatherSchema.nullable().describe(
    'null when no weather source is configured or it failed',
  ),
  news: z.array(BriefingNewsItemSchema),
  reminders: z.array(BriefingReminderSchema).describe('The user’s pending reminders due that day'),
  created_at: Rfc3339Schema,
  generated_at: Rfc3339Schema.nullable(),
  delivered_at: Rfc3339Schema.nullable().describe('When it was pushed to the user; null until then'),
});
export type Briefing = z.infer<typeof BriefingSchema>;

const BriefingUserIdQuery = z
  .string()
  .optional()
  .describe('Default: the caller. Only the administrator may name another user (others get 403)');

export const GetBriefingQuerySchema = z.object({
  user_id: BriefingUserIdQuery,
  date: BriefingDateSchema.optional().describe('Default: today in the user’s briefing timezone'),
});
export type GetBriefingQuery = z.infer<typeof GetBriefingQuerySchema>;

export const GetBriefingResponseSchema = z.union([
  z.object({ briefing: BriefingSchema }),
  z.object({ briefing: z.null(), message: z.literal('当日简报尚未生成') }),
]);
export type GetBriefingResponse = z.infer<typeof GetBriefingResponseSchema>;

export const ListLatestBriefingsQuerySchema = z.object({
  user_id: BriefingUserIdQuery,
  limit: queryInt(7, { min: 1, max: 30 }),
});
export type ListLatestBriefingsQuery = z.infer<typeof ListLatestBriefingsQuerySchema>;

export const GenerateBriefingBodySchema = z.object({
  user_id: z
    .string({ required_error: '用户ID不能为空', invalid_type_error: '用户ID不能为空' })
    .min(1, '用户ID不能为空')
    .describe('A non-admin may only name themselves (others get 403)'),
});
export type GenerateBriefingBody = z.infer<typeof GenerateBriefingBodySchema>;

export const BriefingSettingsSchema = z.object({
  user_id: UserIdSchema,
  enabled: z.boolean().describe('Generate and push a briefing every day (default true)'),
  time: ClockTimeSchema.describe('When the daily briefing is generated, HH:MM in `timezone` (default 08:00)'),
  timezone: IanaTimeZoneSchema.describe('Default UTC'),
});
export type BriefingSettings = z.infer<typeof BriefingSettingsSchema>;

export const GetBriefingSettingsQuerySchema = z.object({ user_id: BriefingUserIdQuery });
export type GetBriefingSettingsQuery = z.infer<typeof GetBriefingSettingsQuerySchema>;

export const UpdateBriefingSettingsBodySchema = z
  .object({
    user_id: z
      .string()
      .min(1)
      .optional()
      .describe('Default: the caller. Only the administrator may name another user (others get 403)'),
    enabled: z.boolean(),
    time: ClockTimeSchema,
    timezone: IanaTimeZoneSchema,
  })
  .partial()
  .describe('Partial update: all fields optional');
export type UpdateBriefingSettingsBody = z.infer<typeof UpdateBriefingSettingsBodySchema>;

export const briefingsContract = c.router({
  getBriefing: {
    method: 'GET',
    path: '/briefings',
    summary: '按日期获取',
    description: 'No briefing for that day: 200 {"briefing":null,"message":"当日简报尚未生成"}.',
    query: GetBriefingQuerySchema,
    responses: { 200: GetBriefingResponseSchema },
    metadata: meta({ auth: 'user' }),
  },
  listLatestBriefings: {
    method: 'GET',
    path: '/briefings/latest',
    summary: '最近简报',
    description: 'Newest date first. total = briefings.length.',
    query: ListLatestBriefingsQuerySchema,
    responses: { 200: z.object({ briefings: z.array(BriefingSchema), total: z.number().int() }) },
    metadata: meta({ auth: 'user' }),
  },
  generateBriefing: {
    method: 'POST',
    path: '/briefings/generate',
    summary: '手动生成',
    description:
      'Generates today’s briefing now (replacing one already generated today) and pushes it to the user. Without a chat engine the summary falls back (summary_source "fallback").',
    body: GenerateBriefingBodySchema,
    responses: {
      200: z.object({
        success: z.literal(true),
        briefing: BriefingSchema,
        message: z.literal('简报已生成并推送'),
      }),
    },
    metadata: meta({ auth: 'user' }),
  },
  getBriefingSettings: {
    method: 'GET',
    path: '/briefings/settings',
    summary: '简报设置',
    description: 'The user’s daily briefing schedule; defaults (enabled, 08:00, UTC) until first changed.',
    query: GetBriefingSettingsQuerySchema,
    responses: { 200: BriefingSettingsSchema },
    metadata: meta({ auth: 'user' }),
  },
  updateBriefingSettings: {
    method: 'PUT',
    path: '/briefings/settings',
    summary: '更新简报设置',
    description: 'Partial update; answers the settings now in force.',
    body: UpdateBriefingSettingsBodySchema,
    responses: { 200: BriefingSettingsSchema },
    metadata: meta({ auth: 'user' }),
  },
});
