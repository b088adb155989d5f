import type { FetchProviderModels, ProviderHealthCheck } from '@cyrene/contracts';
import { ApiError } from '../../http/api-error';
import type { Logger } from '../../logging/logger';
import { type GuardedFetchOptions, type GuardedResponse, guardedFetch } from '../../upstreams/guarded-fetch';
import { maskApiKey } from '../provider-key-cipher';
import type { ModelsService } from './service';

export interface ProviderCheckLimits {
  healthTimeoutMs: number;
  fetchTimeoutMs: number;
  /** Largest model list read, in bytes. */
  maxBytes: number;
}

const DEFAULT_LIMITS: ProviderCheckLimits = {
  healthTimeoutMs: 5_000,
  fetchTimeoutMs: 10_000,
  maxBytes: 4 * 1024 * 1024,
};

const HEALTH_MESSAGE = 'Provider 配置已保存,连接测试请通过实际 LLM 调用验证' as const;
const REASON_CHARS = 200;

type ProviderWithKey = Awaited<ReturnType<ModelsService['providerWithKey']>>;

/**
 * §15 calls to an admin's provider with its stored key: the health check and the remote model
 * list. The provider may be a local model server, so private addresses are allowed; the key
 * goes only to the provider's own origin (redirects elsewhere are refused).
 */
export class ProviderChecks {
  constructor(
    private readonly models: ModelsService,
    private readonly log: Logger,
    private readonly limits: ProviderCheckLimits = DEFAULT_LIMITS,
  ) {}

  async healthCheck(name: string): Promise<ProviderHealthCheck> {
    const provider = await this.models.providerWithKey(name);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let error: string | undefined;
    try {
      const res = await this.get(provider, `${provider.baseUrl}/models`, this.limits.healthTimeoutMs);
      if (res.status < 200 || res.status >= 300) error = this.httpFailure(provider, res);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      error = redact(e.message, provider.apiKey);
    }
    const latency_ms = elapsed();
    if (error !== undefined) this.log.info({ provider: name, error }, 'provider health check failed');
    return {
      provider: name,
      message: HEALTH_MESSAGE,
      ok: error === undefined,
      latency_ms,
      ...(error === undefined ? {} : { error }),
    };
  }

  async fetchModels(name: string, url: string): Promise<FetchProviderModels> {
    const provider = await this.models.providerWithKey(name);
    const origin = new URL(provider.baseUrl).origin;
    if (new URL(url).origin !== origin) {
      throw new ApiError(
        'validation_failed',
        'URL 必须与 Provider 的 base_url 同源',
        `该 Provider 的来源: ${origin}`,
      );
    }
    let res: GuardedResponse;
    try {
      res = await this.get(provider, url, this.limits.fetchTimeoutMs);
    } catch (e) {
      if (e instanceof ApiError) throw new ApiError('upstream_error', redact(e.message, provider.apiKey));
      throw e;
    }
    if (res.status < 200 || res.status >= 300)
      throw new ApiError('upstream_error', this.httpFailure(provider, res));
    return { models: modelEntries(res.text()), provider: name, url };
  }

  private get(provider: ProviderWithKey, url: string, timeoutMs: number): Promise<GuardedResponse> {
    const options: GuardedFetchOptions = {
      headers: {
        accept: 'application/json',
        ...(provider.apiKey === '' ? {} : { authorization: `Bearer ${provider.apiKey}` }),
      },
      timeoutMs,
      maxBytes: this.limits.maxBytes,
      maxRedirects: 3,
      allowPrivate: true,
      sameOriginOnly: true,
    };
    return guardedFetch(url, options);
  }

  private httpFailure(provider: ProviderWithKey, res: GuardedResponse): string {
    const reason = upstreamReason(res.text());
    return redact(`Provider 返回 HTTP ${res.status}${reason ? `: ${reason}` : ''}`, provider.apiKey);
  }
}

/** The list of an OpenAI-style `{data: [...]}` or a bare array, keeping entries that have an id. */
function modelEntries(text: string): FetchProviderModels['models'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError('upstream_error', 'Provider 返回的模型列表不是 JSON');
  }
  const list = Array.isArray(parsed)
    ? parsed
    : isRecord(parsed) && Array.isArray(parsed.data)
      ? parsed.data
      : undefined;
  if (!list)
    throw new ApiError(
      'upstream_error',
      '无法识别 Provider 返回的模型列表格式',
      '需要 {"data":[...]} 或数组',
    );
  return list.filter(isRecord).flatMap((entry) => {
    if (typeof entry.id !== 'string') return [];
    // owned_by is a string in the relayed shape; a provider sending null or a number loses it.
    const { owned_by, ...rest } = entry;
    return [{ ...rest, id: entry.id, ...(typeof owned_by === 'string' ? { owned_by } : {}) }];
  });
}

/** A short reason from an error body: OpenAI's error.message, a plain error/message, or the text. */
function upstreamReason(text: string): string {
  let reason = text;
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body)) {
      const err = body.error;
      if (isRecord(err) && typeof err.message === 'string') reason = err.message;
      else if (typeof err === 'string') reason = err;
      else if (typeof body.message === 'string') reason = body.message;
    }
  } catch {
    // not JSON: the text itself
  }
  reason = reason.replace(/\s+/g, ' ').trim();
  return reason.length > REASON_CHARS ? `${reason.slice(0, REASON_CHARS)}…` : reason;
}

/** A provider may echo the key in its error; it is never relayed whole. */
function redact(text: string, apiKey: string): string {
  return apiKey === '' ? text : text.split(apiKey).join(maskApiKey(apiKey));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
