import type { ChatMode } from '@cyrene/contracts';
import type { ChatEngine, EngineAttempt } from '../chat-engine/engine';
import { ChatEngineError } from '../chat-engine/engine';
import type { MessageMeta } from '../db/schema';
import { ApiError } from '../http/api-error';
import type { Logger } from '../logging/logger';
import type { SessionsService } from '../sessions/service';

/** Earlier messages sent to the engine with a new one (as the WebSocket chat does). */
const HISTORY_TURNS = 20;
const AI_UNAVAILABLE = 'AI 服务暂不可用';

export interface ExchangeRequest {
  userId: string;
  sessionId: string;
  message: string;
  mode: ChatMode;
  /** Kept with both messages: where the exchange came from (platform, …). */
  meta: MessageMeta;
}

export interface ExchangeReply {
  reply: string;
  messageId: number;
  finishReason: string;
}

/**
 * One whole-text chat exchange in a session, for callers that cannot take a stream (webhooks):
 * the user's message is stored first (kept whatever happens next), the engine answers with the
 * session's recent history, and the reply is stored as the assistant's message. This mirrors
 * chat/generation.ts (the WebSocket's streamed path), which is bound to turn frames and leases.
 */
export class ChatExchange {
  constructor(
    private readonly sessions: Pick<
      SessionsService,
      'ensureSession' | 'appendMessage' | 'updateMessage' | 'recentTurns'
    >,
    private readonly engine: ChatEngine,
    private readonly log: Logger,
  ) {}

  /** Throws 502 "AI 服务暂不可用: …" when the engine fails (a partial reply is stored, marked error). */
  async reply(req: ExchangeRequest): Promise<ExchangeReply> {
    const { userId, sessionId, message, mode } = req;
    await this.sessions.ensureSession(userId, sessionId);
    const asked = await this.sessions.appendMessage({
      sessionId,
      userId,
      role: 'user',
      content: message,
      meta: { ...req.meta, mode },
    });
    const history = await this.sessions.recentTurns(sessionId, HISTORY_TURNS, asked.id);
    let text = '';
    let finishReason = 'stop';
    let attempts: EngineAttempt[] = [];
    try {
      for await (const delta of this.engine.stream({ userId, sessionId, message, mode, history })) {
        if (delta.type === 'delta') text += delta.text;
        else ({ finishReason, attempts } = delta);
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const failure = aiUnavailable(e);
      await this.noteFailure(
        req,
        asked.id,
        text,
        failure.message,
        e instanceof ChatEngineError ? e.attempts : [],
      );
      throw failure;
    }
    const answer = await this.sessions.appendMessage({
      sessionId,
      userId,
      role: 'assistant',
      content: text,
      meta: { ...req.meta, mode, finish_reason: finishReason, attempts },
    });
    return { reply: text, messageId: answer.id, finishReason };
  }

  /** As the WebSocket does: the user's message notes the error; text said before it broke is kept. */
  private async noteFailure(
    req: ExchangeRequest,
    userMessageId: number,
    partial: string,
    error: string,
    attempts: EngineAttempt[],
  ): Promise<void> {
    try {
      if (partial === '') {
        await this.sessions.updateMessage(userMessageId, { meta: { reply_error: error, attempts } });
        return;
      }
      await this.sessions.appendMessage({
        sessionId: req.sessionId,
        userId: req.userId,
        role: 'assistant',
        content: partial,
        meta: { ...req.meta, mode: req.mode, finish_reason: 'error', error, attempts },
      });
    } catch (e) {
      this.log.warn({ err: e, sessionId: req.sessionId }, 'could not note a failed webhook reply');
    }
  }
}

/** The spec's 502 "AI 服务暂不可用: …", with the engine's reason after the colon. */
function aiUnavailable(e: ApiError): ApiError {
  if (e.status !== 502) return e;
  const reason = e.message.startsWith(AI_UNAVAILABLE)
    ? e.message.slice(AI_UNAVAILABLE.length).replace(/^:\s*/, '')
    : e.message;
  const detail = [reason, e.hint].filter((part) => part !== undefined && part !== '').join(': ');
  return new ApiError(e.errorType, detail === '' ? AI_UNAVAILABLE : `${AI_UNAVAILABLE}: ${detail}`);
}
