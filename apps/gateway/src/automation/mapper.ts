import {
  type AutomationRule,
  RuleActionsSchema,
  RuleConditionsSchema,
  type RuleRun,
  RuleRunSchema,
  type RuleTriggerType,
  type Scene,
  TriggerConfigSchema,
} from '@cyrene/contracts';
import type { AutomationRuleRow, AutomationRunRow, AutomationSceneRow } from '../db/schema';

/** Rows → contract types for automation. Stored JSON was written by the gateway; it is read back through the contract's schemas. */

export function toRule(row: AutomationRuleRow): AutomationRule {
  return {
    id: row.id,
    user_id: row.user_id,
    name: row.name,
    description: row.description,
    trigger_type: row.trigger_type as RuleTriggerType,
    trigger_config: TriggerConfigSchema.parse(row.trigger_config),
    conditions: RuleConditionsSchema.parse(row.conditions),
    actions: RuleActionsSchema.parse(row.actions),
    enabled: row.enabled,
    created_at: row.created_at.toISOString(),
  };
}

export function toScene(row: AutomationSceneRow): Scene {
  return {
    id: row.id,
    user_id: row.user_id,
    name: row.name,
    icon: row.icon,
    rule_ids: row.rule_ids,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const RunEventSchema = RuleRunSchema.shape.event;
const RunConditionsSchema = RuleRunSchema.shape.conditions;
const RunActionsSchema = RuleRunSchema.shape.actions;
export type ActionTrace = RuleRun['actions'][number];
export type ConditionTrace = RuleRun['conditions'][number];

export const runActions = (row: AutomationRunRow): ActionTrace[] => RunActionsSchema.parse(row.actions);

export function toRun(row: AutomationRunRow): RuleRun {
  const event = RunEventSchema.parse(row.event ?? undefined);
  return {
    id: row.id,
    rule_id: row.rule_id,
    trigger: row.trigger as RuleRun['trigger'],
    ...(event ? { event } : {}),
    depth: row.depth,
    status: row.status,
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.parent_run_id ? { parent_run_id: row.parent_run_id } : {}),
    started_at: row.started_at.toISOString(),
    finished_at: row.finished_at ? row.finished_at.toISOString() : null,
    conditions: RunConditionsSchema.parse(row.conditions),
    actions: runActions(row),
  };
}
