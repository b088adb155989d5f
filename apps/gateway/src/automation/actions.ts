import type { RuleAction } from '@cyrene/contracts';
import type { Clock } from '../clock/clock';
import { ApiError } from '../http/api-error';
import type { EventCause, NotificationsService } from '../notifications/service';
import type { RemindersService } from '../reminders/service';
import { guardedFetch } from '../upstreams/guarded-fetch';
import type { AutomationChat } from './chat';

/** Where and how one step runs. */
export interface StepContext {
  userId: string;
  ruleId: string;
  runId: string;
  index: number;
  /** The run's depth: what its actions cause is one deeper. */
  depth: number;
  /** `<run>#<step>`: the step's effect happens once even when the run is resumed elsewhere. */
  idempotencyKey: string;
  signal: AbortSignal;
}

/** A step that failed, with how many attempts it took. */
export class StepError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'StepError';
  }
}

export interface ActionDeps {
  notifications: Pick<NotificationsService, 'send'>;
  reminders: Pick<RemindersService, 'createForAutomation'>;
  /** Sends the message through the chat path, which raises its chat_message event itself. */
  chat: AutomationChat;
  clock: Clock;
  /** Non-admin rules may reach loopback and private networks too (operator's choice). */
  allowPrivateUrls: boolean;
  /** First delay before an http retry; doubles each time. */
  retryBaseMs: number;
}

/** Largest response an http action reads (the body is not kept; only the status matters). */
const HTTP_MAX_BYTES = 1024 * 1024;

/** What a step causes is one level deeper than its run. */
const causedBy = (ctx: StepContext): EventCause => ({ depth: ctx.depth + 1, runId: ctx.runId });

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('运行已被取消'));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('运行已被取消'));
      },
      { once: true },
    );
  });
}

/** The notify, chat, http and reminder actions (scene steps are the engine's: they start runs). */
export class ActionRunner {
  constructor(private readonly deps: ActionDeps) {}

  /** Runs one step; resolves with the attempts made, or throws StepError. */
  async run(step: Exclude<RuleAction, { type: 'scene' }>, ctx: StepContext): Promise<number> {
    try {
      switch (step.type) {
        case 'notify':
          await this.deps.notifications.send({
            userId: ctx.userId,
            type: step.level,
            title: step.title,
            body: step.body,
            data: { rule_id: ctx.ruleId, run_id: ctx.runId },
            idempotencyKey: ctx.idempotencyKey,
            cause: causedBy(ctx),
          });
          return 1;
        case 'chat':
          await this.deps.chat.send({
            userId: ctx.userId,
            sessionId: step.session_id,
            message: step.message,
            meta: { source: 'automation', rule_id: ctx.ruleId, run_id: ctx.runId },
            cause: causedBy(ctx),
          });
          return 1;
        case 'reminder': {
          const remindAt =
            step.in_minutes !== undefined
              ? new Date(this.deps.clock.now().getTime() + step.in_minutes * 60_000)
              : new Date(step.remind_at ?? '');
          if (Number.isNaN(remindAt.getTime())) throw new Error('remind_at 无效');
          await this.deps.reminders.createForAutomation({
            userId: ctx.userId,
            title: step.title,
            remindAt,
            cause: causedBy(ctx),
            idempotencyKey: ctx.idempotencyKey,
          });
          return 1;
        }
        case 'http':
          return await this.http(step, ctx);
      }
    } catch (e) {
      if (e instanceof StepError) throw e;
      throw new StepError(message(e), 1);
    }
  }

  /**
   * Calls the URL through the guarded client; network errors, timeouts and 5xx are retried with
   * backoff, a 4xx or a refused address fail at once. The Idempotency-Key header lets the
   * receiver drop a repeat when a resumed run sends the step again.
   */
  private async http(step: Extract<RuleAction, { type: 'http' }>, ctx: StepContext): Promise<number> {
    const headers: Record<string, string> = { 'idempotency-key': ctx.idempotencyKey, ...step.headers };
    let body: string | undefined;
    if (typeof step.body === 'string') body = step.body;
    else if (step.body !== undefined) {
      body = JSON.stringify(step.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
    }
    const allowPrivate = this.deps.allowPrivateUrls || ctx.userId === 'admin';
    let attempt = 0;
    for (;;) {
      attempt++;
      let failure: string;
      let retryable: boolean;
      try {
        const res = await guardedFetch(step.url, {
          method: step.method,
          headers,
          body,
          timeoutMs: step.timeout_ms,
          maxBytes: HTTP_MAX_BYTES,
          allowPrivate,
        });
        if (res.status < 400) return attempt;
        failure = `HTTP ${res.status}`;
        retryable = res.status >= 500;
      } catch (e) {
        failure = message(e);
        // A refused address or URL will be refused again; network trouble and timeouts may pass.
        retryable = !(
          e instanceof ApiError &&
          (e.errorType === 'forbidden' || e.errorType === 'validation_failed')
        );
      }
      if (!retryable || attempt > step.retries || ctx.signal.aborted) throw new StepError(failure, attempt);
      await sleep(this.deps.retryBaseMs * 2 ** (attempt - 1), ctx.signal).catch(() => {
        throw new StepError(failure, attempt);
      });
    }
  }
}
