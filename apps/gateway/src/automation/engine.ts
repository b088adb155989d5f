import {
  AUTOMATION_MAX_DEPTH,
  DEFAULT_RULE_RUN_MAX,
  type RuleActions,
  RuleActionsSchema,
  RuleConditionsSchema,
  type RuleRun,
} from '@cyrene/contracts';
import { z } from 'zod';
import type { Clock } from '../clock/clock';
import type { Executor } from '../db/executor';
import type { AutomationRuleRow, AutomationRunRow } from '../db/schema';
import type { JobRunner } from '../jobs/runner';
import type { JobKind, JobOccurrence, JobOutcome } from '../jobs/types';
import type { Logger } from '../logging/logger';
import type { NotificationsService } from '../notifications/service';
import { type ActionRunner, StepError } from './actions';
import { type ConditionResult, evaluateConditions, type RunEvent } from './conditions';
import { newAutomationId } from './ids';
import { type ActionTrace, runActions } from './mapper';
import type { AutomationRepository } from './repository';

export type RunTrigger = RuleRun['trigger'];

/** A request to run a rule. */
export interface RunRequest {
  ruleId: string;
  trigger: RunTrigger;
  event?: RunEvent;
  /** 0 from outside; one more than the run whose action caused it. */
  depth: number;
  parentRunId?: string;
  /** Scheduled occurrences and scene steps: the run is admitted once per key. */
  idempotencyKey?: string;
}

export interface EngineLimits {
  /** Runs of one rule admitted within the window before the rule is paused. */
  rateLimit: number;
  rateWindowMs: number;
}

export const RUN_JOB = 'automation.run';
const RunJobPayload = z.object({ run_id: z.string() });
type RunJobPayload = z.infer<typeof RunJobPayload>;

const runJobKey = (runId: string) => `run:${runId}`;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 1000);

/** Conditions are skipped by runs a person (or a scene) started on purpose. */
const skipsConditions = (trigger: RunTrigger) => trigger === 'manual' || trigger === 'scene';

/** The zone conditions default to: the schedule trigger's, else UTC. */
function conditionZone(rule: AutomationRuleRow): string {
  const tz = rule.trigger_type === 'schedule' ? rule.trigger_config.timezone : undefined;
  return typeof tz === 'string' ? tz : 'UTC';
}

interface Admission {
  run: AutomationRunRow;
  /** Runs stopped by this one (mode restart). */
  cancelled: string[];
  /** The rule was paused by this admission (too many runs). */
  paused: boolean;
  scheduled: boolean;
}

/**
 * Runs of rules: admission (loop breaker, conditions, run mode, rate), durable execution on the
 * job runner with a trace per step, and the queue of mode `queued`.
 */
export class RunEngine {
  /** Runs executing on this instance, to stop at once when a newer run restarts the rule. */
  private readonly controllers = new Map<string, AbortController>();

  constructor(
    private readonly repo: AutomationRepository,
    private readonly jobs: JobRunner,
    private readonly actions: ActionRunner,
    private readonly notifications: Pick<NotificationsService, 'send'>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly limits: EngineLimits,
  ) {}

  jobKind(): JobKind<RunJobPayload> {
    return { kind: RUN_JOB, payload: RunJobPayload, handle: (occ) => this.execute(occ) };
  }

  /**
   * Admits a run: refused (recorded, with why) past the depth limit, when conditions fail, when
   * the rule runs too often (and is paused) or its mode has no room; else queued or started.
   * undefined when the rule is gone, or a run with the same idempotency key exists.
   */
  async admit(req: RunRequest): Promise<AutomationRunRow | undefined> {
    const admission = await this.repo.transaction((tx) => this.admitIn(req, tx));
    if (!admission) return undefined;
    for (const id of admission.cancelled) this.controllers.get(id)?.abort();
    if (admission.scheduled) this.jobs.wake();
    if (admission.run.status === 'refused') await this.repo.pruneRuns(admission.run.rule_id);
    if (admission.paused) await this.announcePause(admission.run, req.depth);
    return admission.run;
  }

  private async admitIn(req: RunRequest, tx: Executor): Promise<Admission | undefined> {
    const rule = await this.repo.lockRule(req.ruleId, tx);
    if (!rule) return undefined;
    if (req.idempotencyKey && (await this.repo.findRunByKey(req.idempotencyKey, tx))) return undefined;
    const now = this.clock.now();
    const base = {
      id: newAutomationId(),
      rule_id: rule.id,
      user_id: rule.user_id,
      trigger: req.trigger,
      event: req.event ? { type: req.event.type, fields: req.event.fields } : null,
      depth: req.depth,
      parent_run_id: req.parentRunId ?? null,
      idempotency_key: req.idempotencyKey ?? null,
      started_at: now,
      actions: [],
    };
    const refuse = async (reason: string, conditions: ConditionResult[] = [], paused = false) => ({
      run: await this.repo.insertRun(
        { ...base, status: 'refused', reason, conditions, finished_at: now },
        tx,
      ),
      cancelled: [],
      paused,
      scheduled: false,
    });

    if (req.depth > AUTOMATION_MAX_DEPTH) {
      return refuse(`depth ${req.depth} exceeds the limit ${AUTOMATION_MAX_DEPTH} (a loop?)`);
    }
    let conditions: ConditionResult[] = [];
    if (!skipsConditions(req.trigger)) {
      const verdict = evaluateConditions(
        RuleConditionsSchema.parse(rule.conditions),
        now,
        conditionZone(rule),
        req.event,
      );
      conditions = verdict.results;
      if (!verdict.passed) return refuse('conditions not met', conditions);
    }
    const recent = await this.repo.runsSince(rule.id, new Date(now.getTime() - this.limits.rateWindowMs), tx);
    if (recent >= this.limits.rateLimit) {
      const window = Math.round(this.limits.rateWindowMs / 1000);
      if (!rule.enabled) return refuse(`too many runs: ${recent} within ${window} s`, conditions);
      await this.repo.updateRule(rule.id, { enabled: false, updated_at: now }, tx);
      await this.jobs.cancel(`rule:${rule.id}`, tx);
      return refuse(`rule paused: ${recent} runs within ${window} s (a loop?)`, conditions, true);
    }

    const actions = RuleActionsSchema.parse(rule.actions);
    const active = await this.repo.activeRuns(rule.id, tx);
    const max = actions.max ?? DEFAULT_RULE_RUN_MAX;
    let status: 'running' | 'queued' = 'running';
    const cancelled: string[] = [];
    switch (actions.mode) {
      case 'single':
        if (active.length > 0) return refuse('a run is already in progress (mode single)', conditions);
        break;
      case 'restart':
        for (const old of active) {
          await this.repo.updateRun(
            old.id,
            ['queued', 'running'],
            { status: 'cancelled', reason: 'restarted by a newer run (mode restart)', finished_at: now },
            tx,
          );
          await this.jobs.cancel(runJobKey(old.id), tx);
          cancelled.push(old.id);
        }
        break;
      case 'queued':
      case 'parallel':
        if (active.length >= max)
          return refuse(`${active.length} runs waiting or running (max ${max})`, conditions);
        if (actions.mode === 'queued' && active.length > 0) status = 'queued';
        break;
    }
    const run = await this.repo.insertRun(
      { ...base, status, reason: null, conditions, finished_at: null },
      tx,
    );
    if (status === 'running') await this.scheduleRun(run.id, now, tx);
    return { run, cancelled, paused: false, scheduled: status === 'running' };
  }

  private scheduleRun(runId: string, now: Date, tx: Executor): Promise<void> {
    return this.jobs.schedule(
      { kind: RUN_JOB, key: runJobKey(runId), runAt: now, payload: { run_id: runId }, misfire: 'once' },
      tx,
    );
  }

  /** The owner hears that their rule was paused; that notice is itself one level deeper. */
  private async announcePause(run: AutomationRunRow, depth: number): Promise<void> {
    const rule = await this.repo.findRuleById(run.rule_id);
    if (!rule) return;
    const window = Math.round(this.limits.rateWindowMs / 1000);
    this.log.warn({ ruleId: rule.id, userId: rule.user_id }, 'automation rule paused: it ran too often');
    await this.notifications.send({
      userId: rule.user_id,
      type: 'warning',
      title: '自动化规则已暂停',
      body: `规则「${rule.name}」在 ${window} 秒内运行了 ${this.limits.rateLimit} 次以上,已自动停用,以免陷入循环。检查规则后可重新启用。`,
      data: { rule_id: rule.id, run_id: run.id },
      idempotencyKey: `pause:${run.id}`,
      cause: { depth: depth + 1, runId: run.id },
    });
  }

  /**
   * Executes a running run from the first step not yet traced (a run taken over from a dead
   * instance resumes there). Each step's outcome is stored as soon as it is known.
   */
  private async execute(occ: JobOccurrence<RunJobPayload>): Promise<JobOutcome> {
    const run = await this.repo.findRun(occ.payload.run_id);
    if (run?.status !== 'running') return { next: null };
    const rule = await this.repo.findRuleById(run.rule_id);
    if (!rule) {
      await this.finish(run, 'failed', 'the rule was deleted');
      return { next: null };
    }
    const { steps } = RuleActionsSchema.parse(rule.actions);
    const trace = runActions(run);
    const controller = new AbortController();
    this.controllers.set(run.id, controller);
    try {
      let failure: string | undefined = trace.find(
        (t) => t.status === 'failed' && !steps[t.index]?.continue_on_error,
      )?.error;
      for (let index = trace.length; index < steps.length; index++) {
        const step = steps[index];
        if (!step) break;
        if (failure !== undefined) {
          trace.push({
            index,
            type: step.type,
            status: 'skipped',
            started_at: null,
            duration_ms: 0,
            attempts: 0,
          });
          continue;
        }
        const entry = await this.runStep(run, rule, step, index, controller.signal);
        trace.push(entry);
        if (entry.status === 'failed' && !step.continue_on_error)
          failure = `step ${index} (${step.type}) failed: ${entry.error}`;
        const saved = await this.repo.updateRun(run.id, ['running'], { actions: JSON.stringify(trace) });
        if (!saved) return { next: null }; // cancelled (mode restart) or deleted meanwhile
      }
      await this.finish(run, failure === undefined ? 'succeeded' : 'failed', failure, trace);
    } finally {
      this.controllers.delete(run.id);
    }
    return { next: null };
  }

  private async runStep(
    run: AutomationRunRow,
    rule: AutomationRuleRow,
    step: RuleActions['steps'][number],
    index: number,
    signal: AbortSignal,
  ): Promise<ActionTrace> {
    const startedAt = this.clock.now();
    const started = performance.now();
    const ctx = {
      userId: rule.user_id,
      ruleId: rule.id,
      runId: run.id,
      index,
      depth: run.depth,
      idempotencyKey: `${run.id}#${index}`,
      signal,
    };
    const timing = () => ({
      started_at: startedAt.toISOString(),
      duration_ms: Math.round(performance.now() - started),
    });
    try {
      const attempts =
        step.type === 'scene' ? await this.runScene(step.scene_id, ctx) : await this.actions.run(step, ctx);
      return { index, type: step.type, status: 'ok', ...timing(), attempts };
    } catch (e) {
      const attempts = e instanceof StepError ? e.attempts : 1;
      return { index, type: step.type, status: 'failed', ...timing(), error: errorText(e), attempts };
    }
  }

  /** A scene step: each of the scene's rules starts a run one level deeper. */
  private async runScene(
    sceneId: string,
    ctx: { userId: string; runId: string; depth: number; idempotencyKey: string },
  ): Promise<number> {
    const scene = await this.repo.findScene(ctx.userId, sceneId);
    if (!scene) throw new StepError('场景不存在', 1);
    await this.executeScene(scene.rule_ids, {
      depth: ctx.depth + 1,
      parentRunId: ctx.runId,
      keyPrefix: ctx.idempotencyKey,
    });
    return 1;
  }

  /** Starts a run of each rule, in order (scene execute, and scene steps). */
  async executeScene(
    ruleIds: string[],
    cause: { depth: number; parentRunId?: string; keyPrefix?: string },
  ): Promise<void> {
    for (const ruleId of ruleIds) {
      await this.admit({
        ruleId,
        trigger: 'scene',
        depth: cause.depth,
        parentRunId: cause.parentRunId,
        idempotencyKey: cause.keyPrefix ? `${cause.keyPrefix}#${ruleId}` : undefined,
      });
    }
  }

  /** Ends the run and starts the next queued one of its rule (mode queued). */
  private async finish(
    run: AutomationRunRow,
    status: 'succeeded' | 'failed',
    reason: string | undefined,
    trace?: ActionTrace[],
  ): Promise<void> {
    const now = this.clock.now();
    const promoted = await this.repo.transaction(async (tx) => {
      await this.repo.lockRule(run.rule_id, tx);
      const ended = await this.repo.updateRun(
        run.id,
        ['running'],
        {
          status,
          reason: reason ?? null,
          finished_at: now,
          ...(trace ? { actions: JSON.stringify(trace) } : {}),
        },
        tx,
      );
      if (!ended) return false;
      const active = await this.repo.activeRuns(run.rule_id, tx);
      const next = active.find((r) => r.status === 'queued');
      if (!next || active.some((r) => r.status === 'running')) return false;
      await this.repo.updateRun(next.id, ['queued'], { status: 'running' }, tx);
      await this.scheduleRun(next.id, now, tx);
      return true;
    });
    if (promoted) this.jobs.wake();
    await this.repo.pruneRuns(run.rule_id);
  }
}
