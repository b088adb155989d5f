import { z } from 'zod';
import { UserIdSchema } from './auth';
import {
  AUTOMATION_EVENT_TYPES,
  RULE_ACTION_TYPES,
  RULE_TRIGGER_TYPES,
  RuleActionsInputSchema,
  RuleActionsSchema,
  RuleConditionsSchema,
  RuleTriggerTypeSchema,
  refineRuleTrigger,
  TriggerConfigInputSchema,
  TriggerConfigSchema,
} from './automation-rules';
import { c, meta } from './common/contract';
import { ErrorBodySchema } from './common/errors';
import { queryInt } from './common/query';
import { SuccessBodySchema } from './common/responses';
import { Rfc3339Schema } from './common/time';

export * from './automation-rules';

/** §10 自动化规则与场景 */

export const AutomationIdSchema = z
  .string()
  .regex(/^[0-9a-f]{32}$/)
  .describe('32 lowercase hex characters');

const RuleIdPathSchema = z.object({ id: z.string().describe('Rule id (32 hex)') });
const SceneIdPathSchema = z.object({ id: z.string().describe('Scene id (32 hex)') });

/* ---------- rules ---------- */

export const AutomationRuleSchema = z.object({
  id: AutomationIdSchema,
  user_id: UserIdSchema.describe('Owner; the rule acts as this user'),
  name: z.string(),
  description: z.string(),
  trigger_type: RuleTriggerTypeSchema,
  trigger_config: TriggerConfigSchema.describe('Shape given by trigger_type'),
  conditions: RuleConditionsSchema,
  actions: RuleActionsSchema,
  enabled: z.boolean(),
  created_at: Rfc3339Schema,
});
export type AutomationRule = z.infer<typeof AutomationRuleSchema>;

const RuleBodyFields = z.object({
  name: z
    .string({ required_error: '规则名称不能为空', invalid_type_error: '规则名称不能为空' })
    .trim()
    .min(1, '规则名称不能为空')
    .max(100, '规则名称不能超过 100 个字符'),
  description: z.string().max(1000, '描述不能超过 1000 个字符').default(''),
  trigger_type: RuleTriggerTypeSchema,
  trigger_config: TriggerConfigInputSchema.default({}).describe(
    'Shape given by trigger_type: manual {}, schedule {cron, timezone}, time {at}, webhook {key?}, event {event, keyword?}',
  ),
  conditions: RuleConditionsSchema.default({}),
  actions: RuleActionsInputSchema.describe('必填: {steps, mode?, max?}'),
  enabled: z.boolean().default(true),
});

export const CreateRuleBodySchema = RuleBodyFields.superRefine((body, ctx) =>
  refineRuleTrigger(body.trigger_type, body.trigger_config, ctx),
);
export type CreateRuleBody = z.infer<typeof CreateRuleBodySchema>;

export const UpdateRuleBodySchema = RuleBodyFields.partial()
  .superRefine((body, ctx) => {
    if (body.trigger_type !== undefined) refineRuleTrigger(body.trigger_type, body.trigger_config, ctx);
  })
  .describe(
    'Partial update. With trigger_type, trigger_config is checked against it (absent = {}); trigger_config alone is checked by the server against the stored trigger_type',
  );
export type UpdateRuleBody = z.infer<typeof UpdateRuleBodySchema>;

/* ---------- runs ---------- */

/**
 * The loop breaker: a run caused by another run's actions (a scene, a notification or reminder
 * an event rule reacts to, a chat message) is one level deeper; runs deeper than this are refused.
 */
export const AUTOMATION_MAX_DEPTH = 8;

export const RULE_RUN_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'refused',
  'cancelled',
] as const;
export type RuleRunStatus = (typeof RULE_RUN_STATUSES)[number];

export const RuleRunSchema = z.object({
  id: AutomationIdSchema,
  rule_id: AutomationIdSchema,
  trigger: z
    .enum([...RULE_TRIGGER_TYPES, 'scene'])
    .describe(
      'What started the run: the rule’s own trigger, manual (POST …/trigger), or scene (a scene executed it)',
    ),
  event: z
    .object({
      type: z
        .enum([...AUTOMATION_EVENT_TYPES, 'webhook'])
        .describe('An event of the owner, or webhook for a call of the rule’s webhook'),
      fields: z
        .record(z.string(), z.string())
        .describe('The event’s fields, as conditions.event_fields sees them'),
    })
    .optional()
    .describe('The event that caused the run (event and webhook triggers)'),
  depth: z
    .number()
    .int()
    .nonnegative()
    .describe(
      `0 for runs started from outside; runs caused by another run’s actions are one deeper. Past the limit (${AUTOMATION_MAX_DEPTH}) the run is refused, which stops loops`,
    ),
  status: z
    .enum(RULE_RUN_STATUSES)
    .describe(
      'queued: waiting for the run before it (mode queued); refused: never started (depth limit, conditions not met, the rule paused, or mode single/queued/parallel with no room); cancelled: stopped by a newer run (mode restart)',
    ),
  reason: z
    .string()
    .optional()
    .describe('Why the run was refused, cancelled or failed, e.g. "depth 9 exceeds the limit 8"'),
  parent_run_id: AutomationIdSchema.optional().describe(
    'The run whose action caused this one (a scene action, or an event one of its actions raised)',
  ),
  started_at: Rfc3339Schema.describe('When the run was admitted (queued runs: when they were queued)'),
  finished_at: Rfc3339Schema.nullable().describe('null while running'),
  conditions: z
    .array(
      z.object({
        name: z.string().describe('Condition key, e.g. weekdays, time_after, event_fields.source'),
        passed: z.boolean(),
        detail: z.string().optional().describe('Why, e.g. "now 21:05 Asia/Shanghai"'),
      }),
    )
    .describe('Conditions evaluated, in order; empty for manual and scene runs, which skip conditions'),
  actions: z.array(
    z.object({
      index: z.number().int().nonnegative().describe('Position in actions.steps'),
      type: z.enum(RULE_ACTION_TYPES),
      status: z.enum(['ok', 'failed', 'skipped']),
      started_at: Rfc3339Schema.nullable().describe('null when skipped'),
      duration_ms: z.number().int().nonnegative(),
      error: z.string().optional(),
      attempts: z.number().int().nonnegative().describe('0 when skipped; > 1 after retries'),
    }),
  ),
});
export type RuleRun = z.infer<typeof RuleRunSchema>;

export const ListRuleRunsQuerySchema = z.object({
  limit: queryInt(20, { min: 1, max: 100 }),
  offset: queryInt(0, { min: 0 }),
});
export type ListRuleRunsQuery = z.infer<typeof ListRuleRunsQuerySchema>;

/* ---------- scenes ---------- */

export const SceneSchema = z.object({
  id: AutomationIdSchema,
  user_id: UserIdSchema,
  name: z.string(),
  icon: z.string().describe('Free text, usually one emoji; "" when none'),
  rule_ids: z.array(AutomationIdSchema).describe('Rules run, in this order, when the scene executes'),
  created_at: Rfc3339Schema,
  updated_at: Rfc3339Schema,
});
export type Scene = z.infer<typeof SceneSchema>;

const SceneBodyFields = z.object({
  name: z
    .string({ required_error: '场景名称不能为空', invalid_type_error: '场景名称不能为空' })
    .trim()
    .min(1, '场景名称不能为空')
    .max(100, '场景名称不能超过 100 个字符'),
  icon: z.string().max(32, '图标不能超过 32 个字符').default(''),
  rule_ids: z
    .array(z.string())
    .max(50, '规则不能超过 50 个')
    .default([])
    .describe('Ids of the caller’s own rules; an unknown id answers 400 {"error":"规则不存在"}'),
});

export const CreateSceneBodySchema = SceneBodyFields;
export type CreateSceneBody = z.infer<typeof CreateSceneBodySchema>;

export const UpdateSceneBodySchema = SceneBodyFields.partial().describe('All fields optional');
export type UpdateSceneBody = z.infer<typeof UpdateSceneBodySchema>;

/* ---------- routes ---------- */

const RuleBody = z.object({ success: z.literal(true), rule: AutomationRuleSchema });
const SceneBody = z.object({ success: z.literal(true), scene: SceneSchema });
const OWN = 'Only the caller’s own rules and scenes exist for them; another user’s id answers 404.';

export const automationContract = c.router({
  listRules: {
    method: 'GET',
    path: '/automation/rules',
    summary: '规则列表',
    description: `The caller's rules, newest first. count = rules.length. ${OWN}`,
    responses: { 200: z.object({ rules: z.array(AutomationRuleSchema), count: z.number().int() }) },
    metadata: meta({ auth: 'user' }),
  },
  createRule: {
    method: 'POST',
    path: '/automation/rules',
    summary: '创建规则',
    description: 'The caller owns the rule. trigger_config is validated against trigger_type.',
    body: CreateRuleBodySchema,
    responses: { 201: RuleBody },
    metadata: meta({ auth: 'user' }),
  },
  getRule: {
    method: 'GET',
    path: '/automation/rules/:id',
    summary: '规则详情',
    description: `404 {"error":"规则不存在"}. ${OWN}`,
    pathParams: RuleIdPathSchema,
    responses: { 200: z.object({ rule: AutomationRuleSchema }) },
    metadata: meta({ auth: 'user' }),
  },
  updateRule: {
    method: 'PUT',
    path: '/automation/rules/:id',
    summary: '更新规则',
    description: 'Partial update: all fields optional. 404 {"error":"规则不存在"}.',
    pathParams: RuleIdPathSchema,
    body: UpdateRuleBodySchema,
    responses: { 200: RuleBody },
    metadata: meta({ auth: 'user' }),
  },
  deleteRule: {
    method: 'DELETE',
    path: '/automation/rules/:id',
    summary: '删除规则',
    description: 'Also removes the rule from every scene and deletes its runs. 404 {"error":"规则不存在"}.',
    pathParams: RuleIdPathSchema,
    responses: { 200: SuccessBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  triggerRule: {
    method: 'POST',
    path: '/automation/rules/:id/trigger',
    summary: '手动触发',
    description:
      'Starts a run now (trigger "manual"), skipping conditions, even when the rule is disabled. Answers once the run is admitted; follow it in /runs, where a run the rule could not take (mode single with a run in progress, too many runs, the depth limit) shows as refused with its reason. 404 {"error":"规则不存在"}.',
    pathParams: RuleIdPathSchema,
    body: c.noBody(),
    responses: { 200: z.object({ success: z.literal(true), message: z.literal('规则已触发') }) },
    metadata: meta({ auth: 'user' }),
  },
  fireRuleWebhook: {
    method: 'POST',
    path: '/automation/rules/:id/webhook',
    summary: 'Webhook 触发',
    description:
      'Fires a rule whose trigger_type is webhook from outside, with no login: the `x-webhook-key` header must equal the rule’s trigger_config.key (wrong or missing: 401). Conditions apply. The JSON body, if any, is the event: its string, number and boolean fields are what conditions.event_fields sees. An unknown id, a rule of another trigger type or a disabled rule: 404 {"error":"规则不存在"}.',
    pathParams: RuleIdPathSchema,
    headers: z.object({
      'x-webhook-key': z.string().optional().describe('The rule’s trigger_config.key'),
    }),
    body: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Free JSON object, passed to the run as its event'),
    responses: {
      200: z.object({ success: z.literal(true), message: z.literal('规则已触发') }),
      401: ErrorBodySchema,
    },
    metadata: meta({ auth: 'public' }),
  },
  listRuleRuns: {
    method: 'GET',
    path: '/automation/rules/:id/runs',
    summary: '规则执行记录',
    description:
      'The rule’s runs, newest first; count = all stored runs of the rule (the server keeps at least the latest 100). 404 {"error":"规则不存在"}.',
    pathParams: RuleIdPathSchema,
    query: ListRuleRunsQuerySchema,
    responses: { 200: z.object({ runs: z.array(RuleRunSchema), count: z.number().int() }) },
    metadata: meta({ auth: 'user' }),
  },
  listScenes: {
    method: 'GET',
    path: '/automation/scenes',
    summary: '场景列表',
    description: `The caller's scenes, newest first. count = scenes.length. ${OWN}`,
    responses: { 200: z.object({ scenes: z.array(SceneSchema), count: z.number().int() }) },
    metadata: meta({ auth: 'user' }),
  },
  createScene: {
    method: 'POST',
    path: '/automation/scenes',
    summary: '创建场景',
    description: '201, like rule creation (the spec gives no status).',
    body: CreateSceneBodySchema,
    responses: { 201: SceneBody },
    metadata: meta({ auth: 'user' }),
  },
  getScene: {
    method: 'GET',
    path: '/automation/scenes/:id',
    summary: '场景详情',
    description: `404 {"error":"场景不存在"}. ${OWN}`,
    pathParams: SceneIdPathSchema,
    responses: { 200: z.object({ scene: SceneSchema }) },
    metadata: meta({ auth: 'user' }),
  },
  updateScene: {
    method: 'PUT',
    path: '/automation/scenes/:id',
    summary: '更新场景',
    description: 'Partial update: all fields optional. 404 {"error":"场景不存在"}.',
    pathParams: SceneIdPathSchema,
    body: UpdateSceneBodySchema,
    responses: { 200: SceneBody },
    metadata: meta({ auth: 'user' }),
  },
  deleteScene: {
    method: 'DELETE',
    path: '/automation/scenes/:id',
    summary: '删除场景',
    description: 'The scene’s rules are kept. 404 {"error":"场景不存在"}.',
    pathParams: SceneIdPathSchema,
    responses: { 200: SuccessBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  executeScene: {
    method: 'POST',
    path: '/automation/scenes/:id/execute',
    summary: '执行场景',
    description:
      'Starts a run of each rule in rule_ids order (trigger "scene"), skipping conditions, disabled rules included; each rule’s /runs shows how it went. 404 {"error":"场景不存在"}.',
    pathParams: SceneIdPathSchema,
    body: c.noBody(),
    responses: { 200: z.object({ success: z.literal(true), message: z.literal('场景已执行') }) },
    metadata: meta({ auth: 'user' }),
  },
});
