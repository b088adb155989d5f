import {
  OPENAI_PATHS,
  OPENAI_SSE_DONE,
  OpenAiChatCompletionChunkSchema,
  type OpenAiChatCompletionRequest,
  OpenAiChatCompletionSchema,
  type OpenAiChatMessage,
  OpenAiErrorBodySchema,
  type OpenAiUsage,
} from '@cyrene/contracts/upstream';
import { ApiError } from '../http/api-error';
import { guardedFetch } from './guarded-fetch';
import { parseJsonOrUndefined as parseJson } from './json';
import type { ResolvedModel } from './model-routing';
import {
  type OpenedResponse,
  openResponse,
  refusedOpen,
  type StreamOpen,
  statusReason,
  type TextStreamEvent,
} from './sse';

/** One streamed chat completion from an OpenAI-compatible provider. */
export interface ChatCompletionCall {
  /** Without a trailing slash, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  /** The model's configured params (temperature, …); they cannot replace model, messages or stream. */
  params: Record<string, unknown>;
  messages: OpenAiChatMessage[];
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  signal?: AbortSignal;
}

const MAX_JSON_BODY = 4 * 1024 * 1024;

/** The provider's own words for a failure: `{error:{message}}` when it sent one, else the raw text. */
function errorDetail(body: string): string {
  const parsed = OpenAiErrorBodySchema.safeParse(parseJson(body));
  return parsed.success ? parsed.data.error.message : body;
}

/** OpenAI's usage as a stream event (providers send it in the last chunk, or with the JSON answer). */
function usageEvent(usage: OpenAiUsage | null | undefined): TextStreamEvent | undefined {
  if (!usage || (usage.prompt_tokens === undefined && usage.completion_tokens === undefined))
    return undefined;
  return { type: 'usage', inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 };
}

async function* sseCompletion(response: OpenedResponse): AsyncGenerator<TextStreamEvent> {
  let finished = false;
  for await (const event of response.events()) {
    if (event.data.trim() === '') continue;
    if (event.data === OPENAI_SSE_DONE) {
      if (!finished) yield { type: 'finish', reason: 'stop' };
      return;
    }
    const json = parseJson(event.data);
    const failure = OpenAiErrorBodySchema.safeParse(json);
    if (failure.success) throw new ApiError('upstream_error', '上游返回错误', failure.data.error.message);
    const chunk = OpenAiChatCompletionChunkSchema.safeParse(json);
    if (!chunk.success) {
      throw new ApiError(
        'upstream_error',
        '上游返回了无效的数据',
        `无法解析的流数据: ${event.data.slice(0, 200)}`,
      );
    }
    const usage = usageEvent(chunk.data.usage);
    if (usage) yield usage;
    for (const choice of chunk.data.choices) {
      if (choice.index !== 0) continue;
      if (choice.delta.content) yield { type: 'text', text: choice.delta.content };
      if (choice.finish_reason && !finished) {
        finished = true;
        yield { type: 'finish', reason: choice.finish_reason };
      }
    }
  }
  // Some servers close without [DONE]; a finish_reason already said the answer was whole.
  if (!finished) throw new ApiError('upstream_error', '上游连接中断', '流在结束标记之前断开');
}

/** A provider that ignored `stream: true` and answered one JSON completion. */
async function* jsonCompletion(response: OpenedResponse): AsyncGenerator<TextStreamEvent> {
  const parsed = OpenAiChatCompletionSchema.safeParse(parseJson(await response.text(MAX_JSON_BODY)));
  const choice = parsed.success ? parsed.data.choices[0] : undefined;
  if (!choice) throw new ApiError('upstream_error', '上游返回了无效的数据', '无法解析的 chat completion');
  if (choice.message.content) yield { type: 'text', text: choice.message.content };
  const usage = usageEvent(parsed.success ? parsed.data.usage : undefined);
  if (usage) yield usage;
  yield { type: 'finish', reason: choice.finish_reason ?? 'stop' };
}

/**
 * `POST {base_url}/chat/completions` with `stream: true`. Resolves once the provider answered:
 * a failure before any token comes back as `{ok:false}` with its status and reason.
 */
export async function openChatCompletion(call: ChatCompletionCall): Promise<StreamOpen<TextStreamEvent>> {
  const body: OpenAiChatCompletionRequest = {
    ...call.params,
    model: call.model,
    messages: call.messages,
    stream: true,
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream, application/json',
  };
  if (call.apiKey) headers.authorization = `Bearer ${call.apiKey}`;
  const opened = await openResponse(`${call.baseUrl}${OPENAI_PATHS.chatCompletions}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    connectTimeoutMs: call.connectTimeoutMs,
    idleTimeoutMs: call.idleTimeoutMs,
    signal: call.signal,
  });
  if (!opened.ok) return opened;
  const { response } = opened;
  if (response.status < 200 || response.status > 299) return refusedOpen(response, errorDetail);
  if (response.contentType.startsWith('text/event-stream'))
    return { ok: true, events: sseCompletion(response) };
  if (response.contentType.startsWith('application/json'))
    return { ok: true, events: jsonCompletion(response) };
  response.close();
  return { ok: false, status: response.status, reason: `意外的响应类型: ${response.contentType || '无'}` };
}

/** How long a whole-answer call may take and how much of its answer is read. */
export interface ProviderCallLimits {
  timeoutMs: number;
  maxBytes: number;
}

/**
 * `POST {base_url}{path}` with a JSON body on an admin's OpenAI-compatible provider, answered
 * with one JSON document (embeddings, a non-streamed completion). The provider is the admin's
 * configuration, so private addresses are allowed (a local model server); the key never follows
 * a redirect to another origin. Throws an Error saying why ("HTTP 503: overloaded", …).
 */
export async function postProviderJson(
  provider: ResolvedModel['provider'],
  path: string,
  body: unknown,
  limits: ProviderCallLimits,
): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (provider.apiKey) headers.authorization = `Bearer ${provider.apiKey}`;
  const res = await guardedFetch(`${provider.baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    allowPrivate: true,
    sameOriginOnly: true,
    timeoutMs: limits.timeoutMs,
    maxBytes: limits.maxBytes,
  });
  const text = res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(statusReason(res.status, errorDetail(text)));
  const json = parseJson(text);
  if (json === undefined) throw new Error('the answer is not JSON');
  return json;
}

/**
 * `POST {base_url}/chat/completions`, not streamed (a question about an image, a briefing): the first
 * choice's text, trimmed. The model's configured params come first; what the call is about
 * (model, messages, stream) cannot be overridden by them. Throws when there is no text.
 */
export async function completeChat(
  model: Pick<ResolvedModel, 'provider' | 'modelName' | 'params'>,
  messages: OpenAiChatMessage[],
  limits: ProviderCallLimits,
): Promise<string> {
  const request: OpenAiChatCompletionRequest = {
    ...model.params,
    model: model.modelName,
    stream: false,
    messages,
  };
  const answer = await postProviderJson(model.provider, OPENAI_PATHS.chatCompletions, request, limits);
  const completion = OpenAiChatCompletionSchema.safeParse(answer);
  if (!completion.success) throw new Error('the answer is not a chat completion');
  const text = completion.data.choices[0]?.message.content?.trim();
  if (!text) throw new Error('the answer is empty');
  return text;
}
