import {
  AI_CORE_CHAT_PATH,
  AI_CORE_SSE_DONE,
  type AiCoreChatRequest,
  AiCoreStreamEventSchema,
} from '@cyrene/contracts/upstream';
import { ApiError } from '../http/api-error';
import { parseJsonOrUndefined as parseJson } from './json';
import { type OpenedResponse, openResponse, refusedOpen, type StreamOpen, type TextStreamEvent } from './sse';

export interface AiCoreCall {
  /** AI_CORE_URL, without a trailing slash. */
  baseUrl: string;
  request: AiCoreChatRequest;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  signal?: AbortSignal;
}

/** AI-Core's error bodies vary (`{"error":…}`, `{"detail":…}`, text); whatever it said, shortened. */
function errorDetail(body: string): string {
  const json = parseJson(body) as { error?: unknown; detail?: unknown } | undefined;
  const said = json?.error ?? json?.detail;
  return typeof said === 'string' ? said : body;
}

async function* aiCoreEvents(response: OpenedResponse): AsyncGenerator<TextStreamEvent> {
  let finished = false;
  for await (const event of response.events()) {
    // Other event names and empty keep-alive payloads carry nothing for the reply.
    if (event.event !== 'message' || event.data.trim() === '') continue;
    if (event.data === AI_CORE_SSE_DONE) {
      if (!finished) yield { type: 'finish', reason: 'stop' };
      return;
    }
    const parsed = AiCoreStreamEventSchema.safeParse(parseJson(event.data));
    if (!parsed.success) {
      throw new ApiError(
        'upstream_error',
        'AI-Core 返回了无效的数据',
        `无法解析的流数据: ${event.data.slice(0, 200)}`,
      );
    }
    const data = parsed.data;
    if ('done' in data) {
      if (!finished) yield { type: 'finish', reason: data.finish_reason };
      finished = true;
    } else if ('delta' in data) {
      if (data.delta !== '') yield { type: 'text', text: data.delta };
    } else {
      throw new ApiError('upstream_error', 'AI-Core 返回错误', data.error);
    }
  }
  if (!finished) throw new ApiError('upstream_error', 'AI-Core 连接中断', '流在结束标记之前断开');
}

/**
 * `POST {AI_CORE_URL}/api/v1/chat`, answered with SSE `data: {"delta":…}` … `{"done":true}` …
 * `[DONE]`. A failure before the stream starts comes back as `{ok:false}`.
 */
export async function openAiCoreChat(call: AiCoreCall): Promise<StreamOpen<TextStreamEvent>> {
  const opened = await openResponse(`${call.baseUrl}${AI_CORE_CHAT_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(call.request),
    connectTimeoutMs: call.connectTimeoutMs,
    idleTimeoutMs: call.idleTimeoutMs,
    signal: call.signal,
  });
  if (!opened.ok) return opened;
  const { response } = opened;
  if (response.status < 200 || response.status > 299) return refusedOpen(response, errorDetail);
  return { ok: true, events: aiCoreEvents(response) };
}
