import { z } from 'zod';
import { NotificationTypeSchema } from './notifications';

/**
 * §10 自动化规则: what a rule's `trigger_config`, `conditions` and `actions` JSON objects hold.
 * The spec shows them as bare `{}`; they are typed here, and unknown keys are refused so a
 * misspelt field fails loudly instead of being ignored.
 */

/* ---------- small shared value schemas (also used by §12 reminders and §13 briefings) ---------- */

function isIanaTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name such as `Asia/Shanghai` or `UTC`. */
export const IanaTimeZoneSchema = z
  .string({ invalid_type_error: '时区无效' })
  .min(1, '时区无效')
  .max(64, '时区无效')
  .refine(isIanaTimeZone, '时区无效,请使用 IANA 时区名 (例如 Asia/Shanghai)')
  .describe('IANA time zone name, e.g. Asia/Shanghai or UTC');

/** A wall-clock time of day, `HH:MM`, 24-hour. */
export const ClockTimeSchema = z
  .string({ invalid_type_error: '时间格式无效,请使用 HH:MM' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式无效,请使用 HH:MM')
  .describe('Time of day, HH:MM (24-hour)');

const ISO_FORMAT_ERROR = '时间格式无效,请使用 ISO 8601 格式 (例如 2024-01-01T15:00:00Z)';

/** A client-supplied instant: ISO 8601 with `Z` or an offset (e.g. 2024-01-01T15:00:00Z). */
export const IsoInstantInputSchema = z
  .string({ required_error: '时间不能为空', invalid_type_error: ISO_FORMAT_ERROR })
  .datetime({ offset: true, message: ISO_FORMAT_ERROR })
  .describe('ISO 8601 with Z or an offset, e.g. 2024-01-01T15:00:00Z');

/** An enum whose errors say, in Chinese, that `label` is missing or which values it takes. */
function choice<const T extends readonly [string, ...string[]]>(values: T, label: string) {
  return z.enum(values, {
    errorMap: (_issue, ctx) => ({
      message: ctx.data === undefined ? `${label}不能为空` : `${label}无效,可选: ${values.join('|')}`,
    }),
  });
}

/** Errors of a strict object: unknown keys are named; `required` is the message when the object is absent. */
function strictObjectErrors(required?: string): z.ZodErrorMap {
  return (issue, ctx) => {
    if (issue.code === 'unrecognized_keys') return { message: `未知字段: ${issue.keys.join(', ')}` };
    if (issue.code === 'invalid_type') {
      return { message: ctx.data === undefined && required ? required : '需为 JSON 对象' };
    }
    return { message: ctx.defaultError };
  };
}

/* ---------- triggers ---------- */

export const RULE_TRIGGER_TYPES = ['manual', 'schedule', 'time', 'webhook', 'event'] as const;
export const RuleTriggerTypeSchema = choice(RULE_TRIGGER_TYPES, '触发类型');
export type RuleTriggerType = z.infer<typeof RuleTriggerTypeSchema>;

/** Events inside the gateway that an `event` trigger can listen to. */
export const AUTOMATION_EVENT_TYPES = ['notification', 'reminder_fired', 'chat_message'] as const;
export const AutomationEventTypeSchema = choice(AUTOMATION_EVENT_TYPES, '事件类型');
export type AutomationEventType = z.infer<typeof AutomationEventTypeSchema>;

export const ManualTriggerConfigSchema = z
  .object({}, { errorMap: strictObjectErrors() })
  .strict()
  .describe('manual: fires only through POST /automation/rules/:id/trigger or a scene');
export type ManualTriggerConfig = z.infer<typeof ManualTriggerConfigSchema>;

const CronSchema = z
  .string({ required_error: 'cron 不能为空', invalid_type_error: 'cron 表达式无效' })
  .trim()
  .regex(/^\S+(\s+\S+){4,5}$/, 'cron 表达式无效')
  .describe(
    'Cron expression: 5 fields (minute hour day-of-month month day-of-week), or 6 with leading seconds',
  );
const SCHEDULE_DESCRIPTION = 'schedule: fires at every match of `cron`, in `timezone`';

/** `trigger_config` of a schedule rule as stored and returned. */
export const ScheduleTriggerConfigSchema = z
  .object(
    { cron: CronSchema, timezone: IanaTimeZoneSchema.describe('IANA zone the cron expression is read in') },
    { errorMap: strictObjectErrors() },
  )
  .strict()
  .describe(SCHEDULE_DESCRIPTION);
export type ScheduleTriggerConfig = z.infer<typeof ScheduleTriggerConfigSchema>;

/** `trigger_config` of a schedule rule as a client sends it: `timezone` may be left out (UTC). */
export const ScheduleTriggerConfigInputSchema = z
  .object(
    {
      cron: CronSchema,
      timezone: IanaTimeZoneSchema.optional().describe(
        'IANA zone the cron expression is read in; absent: UTC',
      ),
    },
    { errorMap: strictObjectErrors() },
  )
  .strict()
  .describe(SCHEDULE_DESCRIPTION);
export type ScheduleTriggerConfigInput = z.infer<typeof ScheduleTriggerConfigInputSchema>;

export const TimeTriggerConfigSchema = z
  .object(
    {
      at: IsoInstantInputSchema.describe('ISO 8601 instant, e.g. 2024-01-01T15:00:00Z'),
    },
    { errorMap: strictObjectErrors() },
  )
  .strict()
  .describe('time: fires once at `at` (a time already past fires at once when the rule is saved enabled)');
export type TimeTriggerConfig = z.infer<typeof TimeTriggerConfigSchema>;

export const WebhookTriggerConfigSchema = z
  .object(
    {
      key: z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,64}$/, 'key 需为 16-64 位字母、数字、_ 或 -')
        .optional()
        .describe(
          'Secret a caller presents to fire this rule from outside (see §14 webhooks). Omitted on create: the server generates one and returns it',
        ),
    },
    { errorMap: strictObjectErrors() },
  )
  .strict()
  .describe('webhook: fires when an outside system calls the webhook with this rule’s key');
export type WebhookTriggerConfig = z.infer<typeof WebhookTriggerConfigSchema>;

export const EventTriggerConfigSchema = z
  .object(
    {
      event: AutomationEventTypeSchema,
      keyword: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe(
          'Case-insensitive substring the event text must contain (notification title+body, reminder title, chat message text)',
        ),
    },
    { errorMap: strictObjectErrors() },
  )
  .strict()
  .describe(
    'event: fires on the owner’s events of this kind. Filter on exact field values with conditions.event_fields',
  );
export type EventTriggerConfig = z.infer<typeof EventTriggerConfigSchema>;

/** The schema a client's `trigger_config` is checked against, for each trigger type. */
export const TRIGGER_CONFIG_INPUT_SCHEMAS = {
  manual: ManualTriggerConfigSchema,
  schedule: ScheduleTriggerConfigInputSchema,
  time: TimeTriggerConfigSchema,
  webhook: WebhookTriggerConfigSchema,
  event: EventTriggerConfigSchema,
} as const satisfies Record<RuleTriggerType, z.ZodTypeAny>;

/**
 * `trigger_config` as stored and returned. Which member applies is given by the rule's
 * `trigger_type`; the members are strict and ordered so that exactly one matches.
 */
export const TriggerConfigSchema = z.union([
  ScheduleTriggerConfigSchema,
  TimeTriggerConfigSchema,
  EventTriggerConfigSchema,
  WebhookTriggerConfigSchema,
  ManualTriggerConfigSchema,
]);
export type TriggerConfig = z.infer<typeof TriggerConfigSchema>;

/**
 * `trigger_config` in request bodies: any of the shapes, unknown keys kept, so the body-level
 * check (`refineRuleTrigger`) sees exactly what was sent and reports the precise field.
 */
export const TriggerConfigInputSchema = z.union([
  ScheduleTriggerConfigInputSchema.passthrough(),
  TimeTriggerConfigSchema.passthrough(),
  EventTriggerConfigSchema.passthrough(),
  WebhookTriggerConfigSchema.passthrough(),
  ManualTriggerConfigSchema.passthrough(),
]);

/** A (trigger_type, trigger_config) pair as a client sends it, for services that normalise a rule. */
export const RuleTriggerInputSchema = z.discriminatedUnion('trigger_type', [
  z.object({ trigger_type: z.literal('manual'), trigger_config: ManualTriggerConfigSchema }),
  z.object({ trigger_type: z.literal('schedule'), trigger_config: ScheduleTriggerConfigInputSchema }),
  z.object({ trigger_type: z.literal('time'), trigger_config: TimeTriggerConfigSchema }),
  z.object({ trigger_type: z.literal('webhook'), trigger_config: WebhookTriggerConfigSchema }),
  z.object({ trigger_type: z.literal('event'), trigger_config: EventTriggerConfigSchema }),
]);
export type RuleTriggerInput = z.infer<typeof RuleTriggerInputSchema>;

/** Checks `trigger_config` against the schema of `trigger_type`; issues land under ['trigger_config', …]. */
export function refineRuleTrigger(type: RuleTriggerType, config: unknown, ctx: z.RefinementCtx): void {
  const schema = TRIGGER_CONFIG_INPUT_SCHEMAS[type];
  if (!schema) return; // trigger_type itself is invalid and already reported
  const result = schema.safeParse(config ?? {});
  if (result.success) return;
  for (const issue of result.error.issues) {
    ctx.addIssue({ ...issue, path: ['trigger_config', ...issue.path] } as z.IssueData);
  }
}

/* ---------- conditions ---------- */

export const RuleConditionsSchema = z
  .object(
    {
      time_after: ClockTimeSchema.optional().describe('Run only at or after this time of day'),
      time_before: ClockTimeSchema.optional().describe(
        'Run only before this time of day. Earlier than time_after: the window wraps midnight (22:00-06:00)',
      ),
      weekdays: z
        .array(z.number().int().min(0, '星期需为 0-6').max(6, '星期需为 0-6'))
        .max(7)
        .optional()
        .describe('Days the rule may run, 0 = Sunday … 6 = Saturday'),
      timezone: IanaTimeZoneSchema.optional().describe(
        'Zone for time_after/time_before/weekdays. Default: the schedule trigger’s timezone, else UTC',
      ),
      event_fields: z
        .record(z.string(), z.string())
        .optional()
        .describe(
          'Event triggers: each field of the event must equal the given string. Ignored on runs without an event',
        ),
    },
    { errorMap: strictObjectErrors() },
  )
  .strict()
  .describe(
    'All given conditions must pass ({} = always). Evaluated when the trigger fires; a failed run is recorded',
  );
export type RuleConditions = z.infer<typeof RuleConditionsSchema>;

/* ---------- actions ---------- */

/*
 * Each action exists twice: `…ActionSchema` as stored and returned (every field present, no
 * defaults), and `…ActionInputSchema` as a client sends it (defaults filled in). One schema
 * for both would read differently as input and output and could not be one OpenAPI component.
 */

/** A strict action object: unknown keys are refused and named. */
function actionObject<T extends z.ZodRawShape>(shape: T, description: string) {
  return z.object(shape, { errorMap: strictObjectErrors() }).strict().describe(description);
}

const ContinueOnErrorSchema = z
  .boolean()
  .describe('When this step fails, go on with the next step instead of skipping the rest');
const continueOnErrorInput = ContinueOnErrorSchema.default(false);

const NOTIFY_DESCRIPTION =
  'Push a notification to the rule’s owner (stored in the outbox, sent over WebSocket)';
const notifyFields = {
  type: z.literal('notify'),
  title: z.string({ required_error: '标题不能为空' }).min(1, '标题不能为空').max(200),
  body: z.string({ required_error: '内容不能为空' }).max(4000),
  level: NotificationTypeSchema.describe('The notification’s type'),
  continue_on_error: ContinueOnErrorSchema,
};
export const NotifyActionSchema = actionObject(notifyFields, NOTIFY_DESCRIPTION);
export const NotifyActionInputSchema = actionObject(
  { ...notifyFields, level: notifyFields.level.default('info'), continue_on_error: continueOnErrorInput },
  NOTIFY_DESCRIPTION,
);

const CHAT_DESCRIPTION =
  'Send `message` into one of the owner’s sessions as the owner; the AI reply is delivered as usual';
const chatFields = {
  type: z.literal('chat'),
  session_id: z.string({ required_error: '会话ID不能为空' }).min(1, '会话ID不能为空'),
  message: z.string({ required_error: '消息不能为空' }).min(1, '消息不能为空').max(10000),
  continue_on_error: ContinueOnErrorSchema,
};
export const ChatActionSchema = actionObject(chatFields, CHAT_DESCRIPTION);
export const ChatActionInputSchema = actionObject(
  { ...chatFields, continue_on_error: continueOnErrorInput },
  CHAT_DESCRIPTION,
);

export const HTTP_ACTION_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const HTTP_DESCRIPTION =
  'Call an outside URL. A status >= 400 or a timeout fails the step; network errors, timeouts and 5xx are retried with backoff. Non-admin rules may not reach loopback or private addresses';
const httpFields = {
  type: z.literal('http'),
  url: z
    .string({ required_error: 'URL 不能为空' })
    .url('URL 无效')
    .regex(/^https?:\/\//i, 'URL 需以 http:// 或 https:// 开头'),
  method: choice(HTTP_ACTION_METHODS, 'method '),
  headers: z.record(z.string(), z.string()).optional(),
  body: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .optional()
    .describe('A string is sent as-is; an object is sent as application/json'),
  timeout_ms: z.number().int().min(100).max(60000).describe('Per attempt'),
  retries: z.number().int().min(0).max(5).describe('Extra attempts after a network error, timeout or 5xx'),
  continue_on_error: ContinueOnErrorSchema,
};
export const HttpActionSchema = actionObject(httpFields, HTTP_DESCRIPTION);
export const HttpActionInputSchema = actionObject(
  {
    ...httpFields,
    timeout_ms: httpFields.timeout_ms.default(10000),
    retries: httpFields.retries.default(0),
    continue_on_error: continueOnErrorInput,
  },
  HTTP_DESCRIPTION,
);

const SCENE_DESCRIPTION = 'Execute one of the owner’s scenes (its rules run one level deeper)';
const sceneFields = {
  type: z.literal('scene'),
  scene_id: z.string({ required_error: '场景ID不能为空' }).min(1, '场景ID不能为空'),
  continue_on_error: ContinueOnErrorSchema,
};
export const SceneActionSchema = actionObject(sceneFields, SCENE_DESCRIPTION);
export const SceneActionInputSchema = actionObject(
  { ...sceneFields, continue_on_error: continueOnErrorInput },
  SCENE_DESCRIPTION,
);

const REMINDER_DESCRIPTION = 'Create a reminder for the owner. Exactly one of in_minutes and remind_at';
const reminderFields = {
  type: z.literal('reminder'),
  title: z.string({ required_error: '标题不能为空' }).min(1, '标题不能为空').max(200),
  in_minutes: z
    .number()
    .int()
    .min(1)
    .max(525600)
    .optional()
    .describe('Remind this many minutes after the step'),
  remind_at: IsoInstantInputSchema.optional(),
  continue_on_error: ContinueOnErrorSchema,
};
export const ReminderActionSchema = actionObject(reminderFields, REMINDER_DESCRIPTION);
export const ReminderActionInputSchema = actionObject(
  { ...reminderFields, continue_on_error: continueOnErrorInput },
  REMINDER_DESCRIPTION,
);

export const RULE_ACTION_TYPES = ['notify', 'chat', 'http', 'scene', 'reminder'] as const;
export const RuleActionTypeSchema = choice(RULE_ACTION_TYPES, '动作类型');
export type RuleActionType = z.infer<typeof RuleActionTypeSchema>;

const unknownActionType: z.ZodErrorMap = (issue, ctx) =>
  issue.code === 'invalid_union_discriminator'
    ? { message: `动作类型无效,可选: ${RULE_ACTION_TYPES.join('|')}` }
    : { message: ctx.defaultError };

/** One step of a rule, as stored and returned. */
export const RuleActionSchema = z.discriminatedUnion(
  'type',
  [NotifyActionSchema, ChatActionSchema, HttpActionSchema, SceneActionSchema, ReminderActionSchema],
  { errorMap: unknownActionType },
);
export type RuleAction = z.infer<typeof RuleActionSchema>;

/** One step of a rule as a client sends it. An unknown `type` fails at `actions.steps.<i>.type`. */
export const RuleActionInputSchema = z.discriminatedUnion(
  'type',
  [
    NotifyActionInputSchema,
    ChatActionInputSchema,
    HttpActionInputSchema,
    SceneActionInputSchema,
    ReminderActionInputSchema,
  ],
  { errorMap: unknownActionType },
);
export type RuleActionInput = z.input<typeof RuleActionInputSchema>;

export const RULE_RUN_MODES = ['single', 'restart', 'queued', 'parallel'] as const;
export type RuleRunMode = (typeof RULE_RUN_MODES)[number];

/** Runs of one rule waiting or running at once in queued/parallel mode, when `max` is not given. */
export const DEFAULT_RULE_RUN_MAX = 10;

const RunModeSchema = choice(RULE_RUN_MODES, 'mode ').describe(
  'While a run is in progress: single = refuse the new run; restart = stop it and start over; queued = run after it; parallel = run alongside',
);
const RunMaxSchema = z
  .number()
  .int()
  .min(1)
  .max(100)
  .optional()
  .describe(
    `queued/parallel: most runs waiting or running at once (default ${DEFAULT_RULE_RUN_MAX}); beyond it runs are refused`,
  );
const StepsDescription = 'Run in order';

/** A rule's `actions`, as stored and returned. */
export const RuleActionsSchema = z
  .object(
    { steps: z.array(RuleActionSchema).describe(StepsDescription), mode: RunModeSchema, max: RunMaxSchema },
    { errorMap: strictObjectErrors() },
  )
  .strict();
export type RuleActions = z.infer<typeof RuleActionsSchema>;

/** A rule's `actions` as a client sends them: `mode` defaults to single. */
export const RuleActionsInputSchema = z
  .object(
    {
      steps: z
        .array(RuleActionInputSchema, { required_error: '动作不能为空' })
        .min(1, '至少需要一个动作')
        .max(20, '动作不能超过 20 个')
        .describe(StepsDescription),
      mode: RunModeSchema.default('single'),
      max: RunMaxSchema,
    },
    { errorMap: strictObjectErrors('动作不能为空') },
  )
  .strict()
  .superRefine((actions, ctx) => {
    actions.steps.forEach((step, i) => {
      if (step.type === 'reminder' && (step.in_minutes === undefined) === (step.remind_at === undefined)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['steps', i, 'in_minutes'],
          message: 'in_minutes 与 remind_at 需且只需提供一个',
        });
      }
    });
  });
export type RuleActionsInput = z.input<typeof RuleActionsInputSchema>;
