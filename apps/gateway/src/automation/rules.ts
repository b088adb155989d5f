import { timingSafeEqual } from 'node:crypto';
import {
  type AutomationRule,
  type CreateRuleBody,
  type ListRuleRunsQuery,
  type RuleActions,
  RuleActionsSchema,
  RuleConditionsSchema,
  type RuleRun,
  RuleTriggerInputSchema,
  type RuleTriggerType,
  type UpdateRuleBody,
} from '@cyrene/contracts';
import type { Transaction, Updateable } from 'kysely';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Clock } from '../clock/clock';
import { archivedTime } from '../db/archive';
import type { Executor } from '../db/executor';
import type { AutomationRuleRow, AutomationRulesTable, Database } from '../db/schema';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/principal';
import { validationError } from '../http/validation-error';
import type { JobRunner } from '../jobs/runner';
import type { JobKind } from '../jobs/types';
import type { AutomationAccountData, AutomationAccountImport } from './account-data';
import { cronProblem, nextCronTime } from './cron';
import type { RunEngine } from './engine';
import { newAutomationId, newWebhookKey } from './ids';
import { toRule, toRun } from './mapper';
import type { AutomationRepository } from './repository';

export const SCHEDULE_JOB = 'automation.schedule';
export const TIME_JOB = 'automation.time';
const SchedulePayload = z.object({ rule_id: z.string(), cron: z.string(), timezone: z.string() });
const TimePayload = z.object({ rule_id: z.string() });

const TIME_FORMAT_ERROR = '时间格式无效,请使用 ISO 8601 格式 (例如 2024-01-01T15:00:00Z)';
export const ruleNotFound = () => new ApiError('not_found', '规则不存在');
const ruleJobKey = (id: string) => `rule:${id}`;

const validIso = (text: string) => DateTime.fromISO(text, { setZone: true }).isValid;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isWebhookKeyTaken(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string };
  return err.code === '23505' && err.constraint === 'automation_rules_webhook_key_key';
}

/** A trigger as stored: defaults filled in, a webhook key generated (or kept), the cron checked. */
function normalizeTrigger(
  type: RuleTriggerType,
  config: unknown,
  previous: AutomationRuleRow | undefined,
): { config: Record<string, unknown>; webhookKey: string | null } {
  const parsed = RuleTriggerInputSchema.safeParse({ trigger_type: type, trigger_config: config ?? {} });
  if (!parsed.success) throw validationError({ body: parsed.error });
  const trigger = parsed.data;
  switch (trigger.trigger_type) {
    case 'schedule': {
      const timezone = trigger.trigger_config.timezone ?? 'UTC';
      const problem = cronProblem(trigger.trigger_config.cron, timezone);
      if (problem)
        throw new ApiError('validation_failed', 'cron 表达式无效', `trigger_config.cron: ${problem}`);
      return { config: { cron: trigger.trigger_config.cron, timezone }, webhookKey: null };
    }
    case 'time':
      if (!validIso(trigger.trigger_config.at)) {
        throw new ApiError('validation_failed', TIME_FORMAT_ERROR, 'trigger_config.at');
      }
      return { config: { at: trigger.trigger_config.at }, webhookKey: null };
    case 'webhook': {
      const kept = previous?.trigger_type === 'webhook' ? previous.webhook_key : null;
      const key = trigger.trigger_config.key ?? kept ?? newWebhookKey();
      return { config: { key }, webhookKey: key };
    }
    case 'event':
      return { config: { ...trigger.trigger_config }, webhookKey: null };
    case 'manual':
      return { config: {}, webhookKey: null };
  }
}

/** What the contract's schemas cannot see: that a reminder step's time exists. */
function checkActions(actions: RuleActions): void {
  actions.steps.forEach((step, i) => {
    if (step.type === 'reminder' && step.remind_at !== undefined && !validIso(step.remind_at)) {
      throw new ApiError('validation_failed', TIME_FORMAT_ERROR, `actions.steps.${i}.remind_at`);
    }
  });
}

/** §10 rules: CRUD, their schedule/time jobs, manual and webhook triggers, and their runs. */
export class RulesService {
  constructor(
    private readonly repo: AutomationRepository,
    private readonly engine: RunEngine,
    private readonly jobs: JobRunner,
    private readonly clock: Clock,
  ) {}

  /** Schedule rules fire at each cron match (a missed one once at start); time rules once. */
  jobKinds(): [JobKind<z.infer<typeof SchedulePayload>>, JobKind<z.infer<typeof TimePayload>>] {
    return [
      {
        kind: SCHEDULE_JOB,
        payload: SchedulePayload,
        next: (p, after) => nextCronTime(p.cron, p.timezone, after),
        handle: async (occ) => {
          const rule = await this.repo.findRuleById(occ.payload.rule_id);
          if (!rule?.enabled || rule.trigger_type !== 'schedule') return { next: null };
          await this.engine.admit({
            ruleId: rule.id,
            trigger: 'schedule',
            depth: 0,
            idempotencyKey: occ.idempotencyKey,
          });
          return undefined;
        },
      },
      {
        kind: TIME_JOB,
        payload: TimePayload,
        handle: async (occ) => {
          const rule = await this.repo.findRuleById(occ.payload.rule_id);
          if (rule?.enabled && rule.trigger_type === 'time') {
            await this.engine.admit({
              ruleId: rule.id,
              trigger: 'time',
              depth: 0,
              idempotencyKey: occ.idempotencyKey,
            });
          }
          return { next: null };
        },
      },
    ];
  }

  async list(principal: Principal): Promise<AutomationRule[]> {
    return (await this.repo.listRules(principal.userId)).map(toRule);
  }

  async get(principal: Principal, id: string): Promise<AutomationRule> {
    return toRule(await this.find(principal, id));
  }

  async create(principal: Principal, body: CreateRuleBody): Promise<AutomationRule> {
    const trigger = normalizeTrigger(body.trigger_type, body.trigger_config, undefined);
    checkActions(body.actions);
    const now = this.clock.now();
    const row: AutomationRuleRow = {
      id: newAutomationId(),
      user_id: principal.userId,
      name: body.name,
      description: body.description,
      trigger_type: body.trigger_type,
      trigger_config: trigger.config,
      conditions: body.conditions,
      actions: body.actions,
      enabled: body.enabled,
      webhook_key: trigger.webhookKey,
      created_at: now,
      updated_at: now,
    };
    const created = await this.write(async (tx) => {
      const inserted = await this.repo.insertRule(row, tx);
      await this.syncJob(inserted, tx);
      return inserted;
    });
    return toRule(created);
  }

  async update(principal: Principal, id: string, body: UpdateRuleBody): Promise<AutomationRule> {
    const updated = await this.write(async (tx) => {
      const row = await this.repo.findRule(principal.userId, id, tx);
      if (!row) throw ruleNotFound();
      const patch: Updateable<AutomationRulesTable> = { updated_at: this.clock.now() };
      if (body.name !== undefined) patch.name = body.name;
      if (body.description !== undefined) patch.description = body.description;
      if (body.enabled !== undefined) patch.enabled = body.enabled;
      if (body.conditions !== undefined) patch.conditions = JSON.stringify(body.conditions);
      if (body.actions !== undefined) {
        checkActions(body.actions);
        patch.actions = JSON.stringify(body.actions);
      }
      const triggerChanged = body.trigger_type !== undefined || body.trigger_config !== undefined;
      if (triggerChanged) {
        const type = body.trigger_type ?? (row.trigger_type as RuleTriggerType);
        const trigger = normalizeTrigger(type, body.trigger_config, row);
        patch.trigger_type = type;
        patch.trigger_config = JSON.stringify(trigger.config);
        patch.webhook_key = trigger.webhookKey;
      }
      const next = await this.repo.updateRule(id, patch, tx);
      // Only a change to when the rule fires moves its job: renaming a time rule must not fire it again.
      if (triggerChanged || body.enabled !== undefined) await this.syncJob(next, tx);
      return next;
    });
    return toRule(updated);
  }

  async delete(principal: Principal, id: string): Promise<void> {
    await this.repo.transaction(async (tx) => {
      const active = await this.repo.activeRuns(id, tx);
      if (!(await this.repo.deleteRule(principal.userId, id, tx))) throw ruleNotFound();
      await this.jobs.cancel(ruleJobKey(id), tx);
      for (const run of active) await this.jobs.cancel(`run:${run.id}`, tx);
    });
  }

  /** POST …/trigger: a manual run, conditions skipped, even when the rule is disabled. */
  async trigger(principal: Principal, id: string): Promise<void> {
    const rule = await this.find(principal, id);
    await this.engine.admit({ ruleId: rule.id, trigger: 'manual', depth: 0 });
  }

  /** POST …/webhook: no login; the rule's own key. The body's scalar fields are the event's. */
  async fireWebhook(
    id: string,
    key: string | undefined,
    body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const rule = await this.repo.findRuleById(id);
    if (rule?.trigger_type !== 'webhook' || !rule.enabled || !rule.webhook_key) throw ruleNotFound();
    if (!key || !sameSecret(key, rule.webhook_key)) {
      throw new ApiError(
        'unauthorized',
        'Webhook 密钥无效',
        '在 x-webhook-key 头中提供规则的 trigger_config.key',
      );
    }
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(body ?? {})) {
      if (['string', 'number', 'boolean'].includes(typeof value)) fields[name] = String(value);
    }
    await this.engine.admit({
      ruleId: rule.id,
      trigger: 'webhook',
      event: { type: 'webhook', fields },
      depth: 0,
    });
  }

  async runs(
    principal: Principal,
    id: string,
    query: ListRuleRunsQuery,
  ): Promise<{ runs: RuleRun[]; count: number }> {
    const rule = await this.find(principal, id);
    const [rows, count] = await Promise.all([
      this.repo.listRuns(rule.id, query.limit, query.offset),
      this.repo.countRuns(rule.id),
    ]);
    return { runs: rows.map(toRun), count };
  }

  private async find(principal: Principal, id: string): Promise<AutomationRuleRow> {
    const rule = await this.repo.findRule(principal.userId, id);
    if (!rule) throw ruleNotFound();
    return rule;
  }

  /* ---------- the account archive (account-export/) ---------- */

  async exportFor(userId: string): Promise<AutomationAccountData['rules']> {
    const rows = await this.repo.listRules(userId);
    return rows.reverse().map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      trigger_type: r.trigger_type as RuleTriggerType,
      trigger_config: r.trigger_config,
      conditions: r.conditions,
      actions: r.actions,
      enabled: r.enabled,
      created_at: archivedTime(r.created_at),
      updated_at: archivedTime(r.updated_at),
    }));
  }

  /**
   * Adds archived rules to the user in the caller's transaction, checked as a created rule is
   * (trigger, conditions, actions), each with its job. A time rule whose moment has passed is
   * not scheduled again: it fired where it came from. A rule id or webhook key in use is 409.
   */
  async importFor(
    userId: string,
    rules: AutomationAccountImport['rules'],
    tx: Transaction<Database>,
  ): Promise<void> {
    const now = this.clock.now();
    for (const rule of rules) {
      const trigger = normalizeTrigger(rule.trigger_type, rule.trigger_config, undefined);
      const conditions = RuleConditionsSchema.safeParse(rule.conditions);
      const actions = RuleActionsSchema.safeParse(rule.actions);
      if (!conditions.success) throw validationError({ body: conditions.error });
      if (!actions.success) throw validationError({ body: actions.error });
      checkActions(actions.data);
      let row: AutomationRuleRow;
      try {
        row = await this.repo.insertRule(
          { ...rule, user_id: userId, trigger_config: trigger.config, webhook_key: trigger.webhookKey },
          tx,
        );
      } catch (e) {
        if (isWebhookKeyTaken(e)) throw new ApiError('conflict', '该 webhook key 已被其他规则使用');
        if ((e as { code?: string }).code === '23505') {
          throw new ApiError(
            'conflict',
            `规则 ${rule.id} 已存在`,
            '该规则 ID 已被本网关上的规则使用,无法导入',
          );
        }
        throw e;
      }
      const passed = row.trigger_type === 'time' && new Date(String(row.trigger_config.at)) <= now;
      if (!passed) await this.syncJob(row, tx);
    }
  }

  /** A rule write in one transaction; a webhook key another rule holds is 409. Wakes due jobs after. */
  private async write(work: (tx: Executor) => Promise<AutomationRuleRow>): Promise<AutomationRuleRow> {
    try {
      const row = await this.repo.transaction(work);
      this.jobs.wake();
      return row;
    } catch (e) {
      if (isWebhookKeyTaken(e)) throw new ApiError('conflict', '该 webhook key 已被其他规则使用');
      throw e;
    }
  }

  /** An enabled schedule or time rule has a job at its next firing; any other rule has none. */
  private async syncJob(rule: AutomationRuleRow, tx: Executor): Promise<void> {
    const key = ruleJobKey(rule.id);
    const config = rule.trigger_config;
    if (rule.enabled && rule.trigger_type === 'schedule') {
      const cron = String(config.cron);
      const timezone = String(config.timezone);
      const runAt = nextCronTime(cron, timezone, this.clock.now());
      if (runAt) {
        await this.jobs.schedule(
          { kind: SCHEDULE_JOB, key, runAt, payload: { rule_id: rule.id, cron, timezone }, misfire: 'once' },
          tx,
        );
        return;
      }
    }
    if (rule.enabled && rule.trigger_type === 'time') {
      const runAt = new Date(String(config.at));
      await this.jobs.schedule(
        { kind: TIME_JOB, key, runAt, payload: { rule_id: rule.id }, misfire: 'once' },
        tx,
      );
      return;
    }
    await this.jobs.cancel(key, tx);
  }
}
