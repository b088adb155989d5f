import type { ErrorType } from '@cyrene/contracts';
import { ApiError } from '../http/api-error';
import { TURN_LOST_ERROR } from './interrupter';
import type { StreamFrame } from './server-frames';
import type { TurnObserver } from './turn-observer';

const AI_UNAVAILABLE = 'AI 服务暂不可用';

/** A turn's reply as a whole, for callers that cannot take a stream (webhooks, automation). */
export interface WholeReply {
  text: string;
  /** The stored assistant message. */
  messageId: number;
  finishReason: string;
}

/**
 * Collects one turn's frames into its whole reply: the same frames the session's WebSocket
 * followers get, so a whole-text caller sees exactly what they saw.
 */
export class ReplyCollector implements TurnObserver {
  private messageId: string | undefined;
  private streamed = '';
  private end: { text: string; finishReason: string } | undefined;
  private error: { error: string; errorType?: ErrorType } | undefined;
  private failure: { cause: unknown } | undefined;

  frame(frame: StreamFrame): void {
    switch (frame.type) {
      case 'stream_start':
        this.messageId = frame.message_id;
        return;
      case 'stream_chunk':
        this.streamed += frame.content;
        return;
      case 'stream_end':
        this.end = { text: frame.text, finishReason: frame.finish_reason };
        return;
      case 'error':
        this.error ??= { error: frame.error, errorType: frame.errorType };
        return;
    }
  }

  failed(e: unknown): void {
    this.failure ??= { cause: e };
  }

  /**
   * Once the turn is over: the whole reply, or what went wrong as the error a whole-text caller
   * answers with. An engine failure is the spec's 502 "AI 服务暂不可用: …" (text said before it
   * broke is stored, as on the WebSocket); a turn that lost its instance keeps what it said.
   */
  result(): WholeReply {
    if (this.error) throw replyFailed(this.error.error, this.error.errorType ?? 'internal_error');
    if (this.end && this.messageId !== undefined) {
      return { text: this.end.text, messageId: Number(this.messageId), finishReason: this.end.finishReason };
    }
    if (this.failure) throw this.failure.cause;
    if (this.messageId !== undefined) {
      return { text: this.streamed, messageId: Number(this.messageId), finishReason: 'interrupted' };
    }
    throw new ApiError('service_unavailable', TURN_LOST_ERROR);
  }
}

/** An error frame as the caller's error; any upstream failure reads "AI 服务暂不可用: …" (spec §14). */
function replyFailed(error: string, errorType: ErrorType): ApiError {
  const upstream = errorType === 'ai_unavailable' || errorType === 'upstream_error';
  if (upstream && !error.startsWith(AI_UNAVAILABLE))
    return new ApiError(errorType, `${AI_UNAVAILABLE}: ${error}`);
  return new ApiError(errorType, error);
}
