import { ApiError } from '../http/api-error';
import type { Logger } from '../logging/logger';
import type { ResolvedModel, ResolvedRoute } from '../upstreams/model-routing';
import { UpstreamHttpError } from '../upstreams/voice-client';
import { ProviderUnreachableError } from './openai-audio';

/*
 * How a speech request walks an admin's routing rule (purpose stt / tts): the chain's models in
 * order, then the Voice-Service unless the rule is required; and how the last failure becomes
 * the client's error.
 */

export const STT_FAILED = '语音识别失败';
export const TTS_FAILED = '语音合成失败';

/** A model's failure, named, for the log and for the error the client sees when the chain runs out. */
export interface ModelFailure {
  model: ResolvedModel;
  error: UpstreamHttpError | ProviderUnreachableError;
}

/** A rule with models to try; an empty chain of a non-required rule falls back to the Voice-Service. */
export function usesProviders(route: ResolvedRoute | undefined): route is ResolvedRoute {
  if (!route) return false;
  if (route.chain.length === 0 && route.required) {
    throw new ApiError(
      'upstream_error',
      `路由规则 ${route.purpose} 没有可用的模型`,
      '在 /admin/models 启用模型或修改路由规则',
    );
  }
  return route.chain.length > 0;
}

/** Logs a provider's failure and keeps it; anything but a provider failure is rethrown. */
export function modelFailed(
  log: Logger,
  purpose: 'stt' | 'tts',
  model: ResolvedModel,
  e: unknown,
): ModelFailure {
  if (!(e instanceof UpstreamHttpError || e instanceof ProviderUnreachableError)) throw e;
  log.warn(
    { purpose, model: model.modelId, provider: model.provider.name, error: e.message },
    'speech model failed, trying the next',
  );
  return { model, error: e };
}

/**
 * Every model failed: the last failure decides. A 4xx means the input was refused (kept as
 * UpstreamHttpError for transcription, whose caller answers 400 in its own shape; 400 for
 * synthesis); anything else is a 502.
 */
export function chainExhausted(prefix: string, failures: ModelFailure[]): Error {
  const last = failures.at(-1);
  if (!last) return new ApiError('upstream_error', `${prefix}: 没有可用的语音模型`);
  const { model, error } = last;
  if (error instanceof UpstreamHttpError && error.status < 500) {
    return prefix === STT_FAILED ? error : new ApiError('validation_failed', `${prefix}: ${error.reason}`);
  }
  return new ApiError(
    'upstream_error',
    `${prefix}: ${model.provider.name}/${model.modelName}: ${error.message}`,
  );
}

/** A Voice-Service HTTP error: a 4xx to synthesis refuses the input (400), the rest are 502 upstream_error. */
export function fromVoiceServiceHttp(prefix: string, e: unknown): unknown {
  if (!(e instanceof UpstreamHttpError)) return e;
  if (e.status < 500 && prefix === TTS_FAILED)
    return new ApiError('validation_failed', `${prefix}: ${e.reason}`);
  return new ApiError('upstream_error', `${prefix}: Voice-Service 返回 ${e.message}`);
}
