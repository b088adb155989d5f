import {
  OPENAI_PATHS,
  OPENAI_SSE_DONE,
  OpenAiChatCompletionChunkSchema,
  type OpenAiChatCompletionRequest,
  OpenAiChatCompletionSchema,
  type OpenAiChatMessage,
  OpenAiErrorBodySchema,
} from '@cyrene/contracts/upstream';
import { ApiError } from '../http/api-error';
import {
  type OpenedResponse,
  openResponse,
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

const MAX_ERROR_BODY = 16 * 1024;
const MAX_JSON_BODY = 4 * 1024 * 1024;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The provider's own words for a failure: `{error:{message}}` when it sent one, else the raw text. */
function errorDetail(body: string): string {
  const parsed = OpenAiErrorBodySchema.safeParse(parseJson(body));
  return parsed.success ? parsed.data.error.message : body;
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
  if (response.status < 200 || response.status > 299) {
    const detail = await response.text(MAX_ERROR_BODY).catch(() => '');
    return { ok: false, status: response.status, reason: statusReason(response.status, errorDetail(detail)) };
  }
  if (response.contentType.startsWith('text/event-stream'))
    return { ok: true, events: sseCompletion(response) };
  if (response.contentType.startsWith('application/json'))
    return { ok: true, events: jsonCompletion(response) };
  response.close();
  return { ok: false, status: response.status, reason: `意外的响应类型: ${response.contentType || '无'}` };
}
