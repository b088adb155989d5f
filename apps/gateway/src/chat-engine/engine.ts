import { type Clock, systemClock } from '../clock/clock';
import { ApiError } from '../http/api-error';
import type { Logger } from '../logging/logger';
import { type ChatTurnOutcome, noTelemetry, type Telemetry } from '../observability/telemetry';
import { openAiCoreChat } from '../upstreams/ai-core-client';
import type { ModelRouting } from '../upstreams/model-routing';
import { openChatCompletion } from '../upstreams/openai-compatible';
import type { StreamOpen, TextStreamEvent } from '../upstreams/sse';
import { aiCoreRequest, providerMessages } from './prompt';
import type { ChatRequest } from './request';

/** One try at an upstream, kept with the assistant message so an admin can see what answered. */
export interface EngineAttempt {
  source: 'provider' | 'ai_core';
  model?: string;
  provider?: string;
  ok: boolean;
  error?: string;
  status?: number;
  ms: number;
}

export type ChatDelta =
  | { type: 'delta'; text: string }
  | { type: 'done'; finishReason: string; attempts: EngineAttempt[] };

/**
 * The chat engine: yields text deltas, then one `done`.
 * Throws ApiError('ai_unavailable') when nothing answered before its first token, and
 * ApiError('upstream_error') when the upstream broke after tokens were sent (both are
 * ChatEngineError, carrying the attempts made).
 */
export interface ChatEngine {
  stream(req: ChatRequest): AsyncIterable<ChatDelta>;
}

export interface ChatEngineDeps {
  modelRouting: ModelRouting;
  /** AI_CORE_URL, without a trailing slash. */
  aiCoreUrl?: string;
  log: Logger;
  clock?: Clock;
  /** Where turns and attempts are reported (metrics, GenAI spans). */
  telemetry?: Telemetry;
  timeouts?: {
    /** Until an upstream's response headers arrive (default 15 s). */
    connectMs?: number;
    /** Longest silence inside a stream (default 120 s: models may think a while). */
    idleMs?: number;
  };
}

/** An engine failure: an ApiError that also carries the attempts, for the caller to store. */
export class ChatEngineError extends ApiError {
  constructor(
    errorType: 'ai_unavailable' | 'upstream_error',
    message: string,
    hint: string,
    readonly attempts: EngineAttempt[],
  ) {
    super(errorType, message, hint);
  }
}

/** One upstream the engine may try, in order. */
interface Candidate {
  source: EngineAttempt['source'];
  model?: string;
  provider?: string;
  /** How the candidate is named in a hint: `openai/gpt-4o`, `AI-Core`. */
  label: string;
  open(req: ChatRequest): Promise<StreamOpen<TextStreamEvent>>;
}

/** 400/401/403: the request or the credentials are wrong; another try would not help. */
const FINAL_STATUSES = new Set([400, 401, 403]);

/** How an attempt is labelled in metrics and spans: the provider and model, `ai_core` for AI-Core. */
function attemptTarget(c: Candidate): { provider: string; model: string } {
  return { provider: c.provider ?? c.source, model: c.model ?? c.source };
}

const NOT_CONFIGURED_HINT = '未配置 chat 模型路由 (/admin/models/routing/chat),也未设置 AI_CORE_URL';

export function createChatEngine(deps: ChatEngineDeps): ChatEngine {
  const clock = deps.clock ?? systemClock;
  const connectTimeoutMs = deps.timeouts?.connectMs ?? 15_000;
  const idleTimeoutMs = deps.timeouts?.idleMs ?? 120_000;
  const telemetry = deps.telemetry ?? noTelemetry;

  /** The routing rule's chain, then AI-Core unless the rule is required. */
  async function plan(): Promise<Candidate[]> {
    const route = await deps.modelRouting.resolve('chat');
    const candidates: Candidate[] = (route?.chain ?? []).map((m) => ({
      source: 'provider',
      model: m.modelId,
      provider: m.provider.name,
      label: `${m.provider.name}/${m.modelId}`,
      open: (req) =>
        openChatCompletion({
          baseUrl: m.provider.baseUrl,
          apiKey: m.provider.apiKey,
          model: m.modelName,
          params: m.params,
          messages: providerMessages(req),
          connectTimeoutMs,
          idleTimeoutMs,
          signal: req.signal,
        }),
    }));
    const { aiCoreUrl } = deps;
    if (aiCoreUrl && !route?.required) {
      candidates.push({
        source: 'ai_core',
        label: 'AI-Core',
        open: (req) =>
          openAiCoreChat({
            baseUrl: aiCoreUrl,
            request: aiCoreRequest(req),
            connectTimeoutMs,
            idleTimeoutMs,
            signal: req.signal,
          }),
      });
    }
    if (candidates.length === 0) {
      const hint = !route
        ? NOT_CONFIGURED_HINT
        : route.required
          ? 'chat 路由规则中的模型都不可用(已停用或已删除),且规则为 required'
          : 'chat 路由规则中没有可用的模型,且未设置 AI_CORE_URL';
      throw new ChatEngineError('ai_unavailable', 'AI 服务暂不可用', hint, []);
    }
    return candidates;
  }

  async function* stream(req: ChatRequest): AsyncGenerator<ChatDelta> {
    const turn = telemetry.chatTurn(req.door ?? 'websocket');
    let outcome: ChatTurnOutcome = 'interrupted';
    try {
      yield* attemptAll(req, turn);
      outcome = 'ok';
    } catch (e) {
      outcome = req.signal?.aborted ? 'interrupted' : 'error';
      throw e;
    } finally {
      turn.end(outcome);
    }
  }

  async function* attemptAll(
    req: ChatRequest,
    turn: ReturnType<Telemetry['chatTurn']>,
  ): AsyncGenerator<ChatDelta> {
    const attempts: EngineAttempt[] = [];
    const failures: string[] = [];
    const record = (
      c: Candidate,
      started: number,
      outcome: { ok: boolean; error?: string; status?: number },
    ) => {
      const attempt: EngineAttempt = {
        source: c.source,
        ok: outcome.ok,
        ms: clock.now().getTime() - started,
      };
      if (c.model !== undefined) attempt.model = c.model;
      if (c.provider !== undefined) attempt.provider = c.provider;
      if (outcome.error !== undefined) attempt.error = outcome.error;
      if (outcome.status !== undefined) attempt.status = outcome.status;
      attempts.push(attempt);
      if (!outcome.ok) {
        failures.push(`${c.label}: ${outcome.error}`);
        deps.log.warn(
          {
            source: c.source,
            provider: c.provider,
            model: c.model,
            status: outcome.status,
            reason: outcome.error,
          },
          'chat upstream attempt failed',
        );
      }
    };

    for (const candidate of await plan()) {
      req.signal?.throwIfAborted();
      const started = clock.now().getTime();
      const probe = turn.attempt(attemptTarget(candidate));
      const opened = await probe
        .within(() => candidate.open(req))
        .catch((e: unknown) => {
          probe.end({ ok: false, interrupted: true });
          throw e;
        });
      if (!opened.ok) {
        record(candidate, started, { ok: false, error: opened.reason, status: opened.status });
        probe.end({ ok: false, error: opened.reason, status: opened.status });
        if (opened.status !== undefined && FINAL_STATUSES.has(opened.status)) break;
        continue;
      }
      let sentText = false;
      let finishReason = 'stop';
      try {
        for await (const event of opened.events) {
          if (event.type === 'finish') finishReason = event.reason;
          else if (event.type === 'usage') probe.usage(event.inputTokens, event.outputTokens);
          else if (event.text !== '') {
            if (!sentText) turn.firstToken();
            sentText = true;
            yield { type: 'delta', text: event.text };
          }
        }
        probe.end({ ok: true, finishReason });
      } catch (e) {
        if (req.signal?.aborted) {
          probe.end({ ok: false, interrupted: true });
          throw req.signal.reason;
        }
        const reason =
          e instanceof ApiError ? (e.hint ?? e.message) : e instanceof Error ? e.message : String(e);
        record(candidate, started, { ok: false, error: reason });
        probe.end({ ok: false, error: reason });
        // Text already went out: falling back would answer twice. The caller keeps the partial reply.
        if (sentText) {
          throw new ChatEngineError(
            'upstream_error',
            'AI 回复中断',
            `${candidate.label}: ${reason}`,
            attempts,
          );
        }
        continue;
      } finally {
        // The consumer stopped reading (an early return): the attempt ends with it.
        probe.end({ ok: false, interrupted: true });
      }
      record(candidate, started, { ok: true });
      yield { type: 'done', finishReason, attempts };
      return;
    }
    throw new ChatEngineError('ai_unavailable', 'AI 服务暂不可用', failures.join('; '), attempts);
  }

  return { stream };
}
