import { type Context, context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { GatewayMetrics } from './metrics';
import type { ChatAttemptProbe, ChatDoor, ChatTurnProbe } from './telemetry';
import type { Tracing } from './tracing';

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * One chat turn as metrics and spans: a `chat turn` span, and under it one span per upstream
 * attempt named and attributed after the OpenTelemetry GenAI conventions (`chat {model}`,
 * gen_ai.system, gen_ai.request.model, gen_ai.usage.*, gen_ai.response.finish_reasons).
 */
export function chatTurnProbe(
  door: ChatDoor,
  metrics: GatewayMetrics | undefined,
  tracing: Tracing | undefined,
): ChatTurnProbe {
  const started = performance.now();
  const parent = context.active();
  const turnSpan = tracing?.tracer.startSpan(
    'chat turn',
    { attributes: { 'gen_ai.operation.name': 'chat', 'cyrene.chat.door': door } },
    parent,
  );
  const turnContext = turnSpan ? trace.setSpan(parent, turnSpan) : parent;
  let current: { provider: string; model: string } | undefined;
  let firstTokenSeen = false;
  let ended = false;
  return {
    attempt(target) {
      current = target;
      return attemptProbe(target, metrics, tracing, turnContext);
    },
    firstToken() {
      if (firstTokenSeen) return;
      firstTokenSeen = true;
      const labels = current ?? { provider: 'none', model: 'none' };
      metrics?.chatTimeToFirstToken.observe(labels, seconds(started));
      turnSpan?.addEvent('first token');
    },
    end(outcome) {
      if (ended) return;
      ended = true;
      metrics?.chatTurns.inc({ door, outcome });
      metrics?.chatDuration.observe({ door }, seconds(started));
      if (turnSpan) {
        turnSpan.setAttribute('cyrene.chat.outcome', outcome);
        if (outcome === 'error') turnSpan.setStatus({ code: SpanStatusCode.ERROR });
        turnSpan.end();
      }
    },
  };
}

function attemptProbe(
  target: { provider: string; model: string },
  metrics: GatewayMetrics | undefined,
  tracing: Tracing | undefined,
  turnContext: Context,
): ChatAttemptProbe {
  const span: Span | undefined = tracing?.tracer.startSpan(
    `chat ${target.model}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': target.provider,
        'gen_ai.request.model': target.model,
      },
    },
    turnContext,
  );
  let ended = false;
  return {
    within: (open) => (span ? context.with(trace.setSpan(turnContext, span), open) : open()),
    usage(inputTokens, outputTokens) {
      metrics?.chatTokens.inc({ direction: 'input', model: target.model }, inputTokens);
      metrics?.chatTokens.inc({ direction: 'output', model: target.model }, outputTokens);
      span?.setAttributes({
        'gen_ai.usage.input_tokens': inputTokens,
        'gen_ai.usage.output_tokens': outputTokens,
      });
    },
    end(outcome) {
      if (ended) return;
      ended = true;
      const label = outcome.ok ? 'ok' : outcome.interrupted ? 'interrupted' : 'error';
      metrics?.chatAttempts.inc({ ...target, outcome: label });
      if (!span) return;
      if (outcome.finishReason) span.setAttribute('gen_ai.response.finish_reasons', [outcome.finishReason]);
      if (outcome.status !== undefined) span.setAttribute('http.response.status_code', outcome.status);
      if (!outcome.ok && !outcome.interrupted) {
        span.setAttribute(
          'error.type',
          outcome.status !== undefined ? String(outcome.status) : 'upstream_error',
        );
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error });
      }
      span.end();
    },
  };
}
