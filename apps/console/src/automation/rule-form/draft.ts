import {
  type AutomationEventType,
  AutomationEventTypeSchema,
  type AutomationRule,
  type EventTriggerConfig,
  type ManualTriggerConfig,
  type RuleActionInput,
  type RuleActionsInput,
  type RuleActionType,
  type RuleConditions,
  RuleConditionsSchema,
  type RuleRunMode,
  type RuleTriggerType,
  type ScheduleTriggerConfigInput,
  type TimeTriggerConfig,
  type WebhookTriggerConfig,
} from '@cyrene/sdk';

/*
 * The rule form edits a draft shaped for inputs (strings, lists of rows); `toRuleBody` turns it
 * into the request body, which the contract's own schema then checks before anything is sent.
 * Everything here is a pure function: the browser's time zone and the rows' ids come in as
 * arguments (see draft.test.ts).
 */

/** Every trigger's fields at once, so switching the trigger type back and forth loses nothing. */
export interface TriggerDrafts {
  schedule: { cron: string; timezone: string };
  time: { at: string };
  webhook: { key: string };
  event: { event: AutomationEventType; keyword: string };
}

interface TriggerConfigByType {
  manual: ManualTriggerConfig;
  schedule: ScheduleTriggerConfigInput;
  time: TimeTriggerConfig;
  webhook: WebhookTriggerConfig;
  event: EventTriggerConfig;
}

/** Keyed by the contract's trigger type: a new type there does not compile until it is built here. */
const TRIGGER_CONFIG_BUILDERS: {
  [K in RuleTriggerType]: (drafts: TriggerDrafts) => TriggerConfigByType[K];
} = {
  manual: () => ({}),
  schedule: ({ schedule }) => ({ cron: schedule.cron, timezone: schedule.timezone || undefined }),
  time: ({ time }) => ({ at: time.at }),
  // No key on create: the server generates one.
  webhook: ({ webhook }) => (webhook.key ? { key: webhook.key } : {}),
  event: ({ event }) => ({ event: event.event, keyword: event.keyword || undefined }),
};

/** The conditions the contract knows, in its order. */
export type ConditionKind = keyof RuleConditions;
export const CONDITION_KINDS = Object.keys(RuleConditionsSchema.shape) as ConditionKind[];

/** What one condition row holds, per kind; indexing it with a kind the contract adds fails to compile. */
export interface ConditionValues {
  time_after: { time: string };
  time_before: { time: string };
  weekdays: { days: number[] };
  timezone: { timezone: string };
  /** One row per field: the event's `field` must equal `value`. */
  event_fields: { field: string; value: string };
}

export type ConditionRow = {
  [K in ConditionKind]: { id: number; kind: K } & ConditionValues[K];
}[ConditionKind];

/** Kinds that may be added more than once (each row is one entry of a map). */
export const REPEATABLE_CONDITIONS: readonly ConditionKind[] = ['event_fields'];

export interface StepDraft {
  id: number;
  step: RuleActionInput;
}

type StepOf<K extends RuleActionType> = Extract<RuleActionInput, { type: K }>;

/** A fresh step of each action kind; keyed by the contract's kinds. */
const ACTION_DEFAULTS: { [K in RuleActionType]: () => StepOf<K> } = {
  notify: () => ({ type: 'notify', title: '', body: '', level: 'info', continue_on_error: false }),
  chat: () => ({ type: 'chat', session_id: '', message: '', continue_on_error: false }),
  http: () => ({
    type: 'http',
    url: '',
    method: 'POST',
    timeout_ms: 10000,
    retries: 0,
    continue_on_error: false,
  }),
  scene: () => ({ type: 'scene', scene_id: '', continue_on_error: false }),
  reminder: () => ({ type: 'reminder', title: '', in_minutes: 10, continue_on_error: false }),
};

export interface RuleDraft {
  name: string;
  description: string;
  enabled: boolean;
  triggerType: RuleTriggerType;
  triggers: TriggerDrafts;
  conditions: ConditionRow[];
  steps: StepDraft[];
  mode: RuleRunMode;
  max: number | undefined;
}

/** What the form sends: the create/update body as a client writes it. */
export interface RuleBody {
  name: string;
  description: string;
  enabled: boolean;
  trigger_type: RuleTriggerType;
  trigger_config: TriggerConfigByType[RuleTriggerType];
  conditions: RuleConditions;
  actions: RuleActionsInput;
}

/** An id for a new row of `rows`: stable React keys for rows that can be reordered. */
export const nextRowId = (rows: readonly { id: number }[]): number =>
  rows.reduce((max, row) => Math.max(max, row.id), 0) + 1;

export function newStep(kind: RuleActionType, id: number): StepDraft {
  return { id, step: ACTION_DEFAULTS[kind]() };
}

/** A fresh condition row of `kind`; a kind the contract adds fails to compile here. */
export function newCondition(kind: ConditionKind, id: number, timeZone: string): ConditionRow {
  switch (kind) {
    case 'time_after':
      return { id, kind, time: '08:00' };
    case 'time_before':
      return { id, kind, time: '22:00' };
    case 'weekdays':
      return { id, kind, days: [1, 2, 3, 4, 5] };
    case 'timezone':
      return { id, kind, timezone: timeZone };
    case 'event_fields':
      return { id, kind, field: '', value: '' };
    default: {
      const unknownKind: never = kind;
      return unknownKind;
    }
  }
}

function emptyTriggers(timeZone: string): TriggerDrafts {
  return {
    schedule: { cron: '0 8 * * *', timezone: timeZone },
    time: { at: '' },
    webhook: { key: '' },
    event: { event: AutomationEventTypeSchema.options[0], keyword: '' },
  };
}

/** A new rule: manual, one notify step; times in `timeZone` (the browser's). */
export function emptyDraft(timeZone: string): RuleDraft {
  return {
    name: '',
    description: '',
    enabled: true,
    triggerType: 'manual',
    triggers: emptyTriggers(timeZone),
    conditions: [],
    steps: [newStep('notify', 1)],
    mode: 'single',
    max: undefined,
  };
}

/** A saved rule as a draft; the triggers it does not use get defaults in `timeZone`. */
export function draftFromRule(rule: AutomationRule, timeZone: string): RuleDraft {
  const triggers = emptyTriggers(timeZone);
  const config = rule.trigger_config;
  if ('cron' in config) triggers.schedule = { cron: config.cron, timezone: config.timezone };
  else if ('at' in config) triggers.time = { at: config.at };
  else if ('event' in config) triggers.event = { event: config.event, keyword: config.keyword ?? '' };
  else if ('key' in config) triggers.webhook = { key: config.key ?? '' };
  return {
    name: rule.name,
    description: rule.description,
    enabled: rule.enabled,
    triggerType: rule.trigger_type,
    triggers,
    conditions: conditionRows(rule.conditions),
    steps: rule.actions.steps.map((step, index) => ({ id: index + 1, step })),
    mode: rule.actions.mode,
    max: rule.actions.max,
  };
}

function conditionRows(conditions: RuleConditions): ConditionRow[] {
  const rows: ConditionRow[] = [];
  const id = () => nextRowId(rows);
  const { time_after, time_before, weekdays, timezone, event_fields } = conditions;
  if (time_after !== undefined) rows.push({ id: id(), kind: 'time_after', time: time_after });
  if (time_before !== undefined) rows.push({ id: id(), kind: 'time_before', time: time_before });
  if (weekdays !== undefined) rows.push({ id: id(), kind: 'weekdays', days: weekdays });
  if (timezone !== undefined) rows.push({ id: id(), kind: 'timezone', timezone });
  for (const [field, value] of Object.entries(event_fields ?? {})) {
    rows.push({ id: id(), kind: 'event_fields', field, value });
  }
  return rows;
}

function toConditions(rows: ConditionRow[]): RuleConditions {
  const conditions: RuleConditions = {};
  for (const row of rows) {
    if (row.kind === 'event_fields') {
      conditions.event_fields = { ...conditions.event_fields, [row.field]: row.value };
    } else if (row.kind === 'weekdays') {
      conditions.weekdays = [...row.days].sort((a, b) => a - b);
    } else if (row.kind === 'timezone') {
      conditions.timezone = row.timezone;
    } else {
      conditions[row.kind] = row.time;
    }
  }
  return conditions;
}

export function toRuleBody(draft: RuleDraft): RuleBody {
  return {
    name: draft.name,
    description: draft.description,
    enabled: draft.enabled,
    trigger_type: draft.triggerType,
    trigger_config: TRIGGER_CONFIG_BUILDERS[draft.triggerType](draft.triggers),
    conditions: toConditions(draft.conditions),
    actions: { steps: draft.steps.map((s) => s.step), mode: draft.mode, max: draft.max },
  };
}

/** The path of a condition row's value in the body, for matching the schema's issues to it. */
export function conditionPath(row: ConditionRow): string {
  return row.kind === 'event_fields' ? `conditions.event_fields.${row.field}` : `conditions.${row.kind}`;
}
