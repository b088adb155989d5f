import type { ErrorType } from '@cyrene/contracts';
import { type ChatEngine, ChatEngineError, type EngineAttempt } from '../chat-engine/engine';
import { knownError } from '../http/known-error';
import type { Logger } from '../logging/logger';
import type { SessionsService } from '../sessions/service';
import { ReplyWriter } from './reply-writer';
import type { TurnLease } from './turn-locks';
import type { TurnRequest } from './turn-request';
import type { TurnStream } from './turn-stream';
import type { WritePacing } from './write-pacer';

/** Earlier messages sent to the engine with a new one. */
const HISTORY_TURNS = 20;

export interface GenerationDeps {
  engine: ChatEngine;
  sessions: Pick<SessionsService, 'appendMessage' | 'updateMessage' | 'recentTurns'>;
  log: Logger;
  /** When the growing reply is saved. */
  pacing: WritePacing;
}

export interface GenerationControl {
  signal: AbortSignal;
  /** The instance is stopping: end the reply as interrupted, with what was said so far. */
  stopping(): boolean;
}

/** How the turn ended, for its generations row. */
export type TurnOutcome = 'done' | 'interrupted';

/**
 * Asks the engine for the reply to one stored user message and streams it: stream_start (once
 * the first text exists, so the assistant message has its id), stream_chunk per delta,
 * stream_end with the full text. The reply is stored as it grows and at the end with what the
 * engine reported. Failures become frames: an error frame when no reply had started, else a
 * stream_end with finish_reason "error" (the partial text kept) followed by the error frame.
 */
export async function generateReply(
  req: TurnRequest,
  stream: TurnStream,
  lease: TurnLease,
  control: GenerationControl,
  deps: GenerationDeps,
): Promise<TurnOutcome> {
  const { engine, sessions, log } = deps;
  let writer: ReplyWriter | undefined;
  let messageId = '';
  let text = '';
  let finishReason = 'stop';
  let attempts: EngineAttempt[] = [];

  const begin = async (first: string) => {
    const message = await sessions.appendMessage({
      sessionId: req.sessionId,
      userId: req.userId,
      role: 'assistant',
      content: first,
      meta: { ...req.meta, streaming: true, mode: req.mode },
    });
    messageId = String(message.id);
    writer = new ReplyWriter(message.id, sessions, log, deps.pacing);
    lease.onLost(() => {
      if (writer) writer.stopped = true;
    });
    // Recorded for a takeover; the reply need not wait for it.
    lease
      .setMessage(message.id)
      .catch((e: unknown) => log.warn({ err: e }, 'could not link a reply to its turn'));
    stream.emit({ type: 'stream_start', message_id: messageId, role: 'assistant', response_mode: req.mode });
  };

  try {
    const history = await sessions.recentTurns(req.sessionId, HISTORY_TURNS, req.userMessageId);
    const deltas = engine.stream({
      userId: req.userId,
      sessionId: req.sessionId,
      message: req.content,
      mode: req.mode,
      attachments: req.attachments,
      history,
      signal: control.signal,
      door: req.door,
    });
    for await (const delta of deltas) {
      if (delta.type === 'done') {
        finishReason = delta.finishReason;
        attempts = delta.attempts;
        continue;
      }
      if (delta.text === '') continue;
      if (!writer) await begin(delta.text);
      text += delta.text;
      stream.emit({ type: 'stream_chunk', message_id: messageId, content: delta.text });
      writer?.progress(text);
    }
    if (!writer) await begin('');
    // Stored before stream_end goes out: a client that reads the session on stream_end sees the whole reply.
    await writer?.finish(text, { streaming: false, finish_reason: finishReason, attempts });
    stream.emit({ type: 'stream_end', message_id: messageId, text, finish_reason: finishReason });
    return 'done';
  } catch (e) {
    if (lease.lost) return 'interrupted';
    if (control.stopping()) {
      if (writer) {
        await writer.finish(text, { streaming: false, finish_reason: 'interrupted', interrupted: true });
        stream.emit({
          type: 'stream_end',
          message_id: messageId,
          text,
          finish_reason: 'interrupted',
          interrupted: true,
        });
      } else {
        stream.emit({
          type: 'error',
          error: '服务正在停止,请稍后重新发送',
          errorType: 'service_unavailable',
        });
      }
      return 'interrupted';
    }
    const failure = describeFailure(e, log);
    const engineAttempts = e instanceof ChatEngineError ? e.attempts : [];
    if (!writer) {
      stream.emit({ type: 'error', error: failure.error, errorType: failure.errorType });
      await sessions
        .updateMessage(req.userMessageId, { meta: { reply_error: failure.error, attempts: engineAttempts } })
        .catch((err: unknown) => log.warn({ err }, 'could not note a failed reply'));
      return 'done';
    }
    await writer
      .finish(text, {
        streaming: false,
        finish_reason: 'error',
        error: failure.error,
        attempts: engineAttempts,
      })
      .catch((err: unknown) => log.warn({ err }, 'could not save a failed reply'));
    stream.emit({ type: 'stream_end', message_id: messageId, text, finish_reason: 'error' });
    stream.emit({ type: 'error', error: failure.error, errorType: failure.errorType, message_id: messageId });
    return 'done';
  }
}

/** The error frame's text: the engine's message with its hint ("AI 服务暂不可用: …"). */
function describeFailure(e: unknown, log: Logger): { error: string; errorType: ErrorType } {
  const known = knownError(e);
  if (known) {
    return {
      error: known.hint ? `${known.message}: ${known.hint}` : known.message,
      errorType: known.errorType,
    };
  }
  log.error({ err: e }, 'chat turn failed');
  return { error: '服务器内部错误', errorType: 'internal_error' };
}
