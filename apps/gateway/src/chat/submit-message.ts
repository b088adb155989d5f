import type { WsConnection } from '../realtime/ws-connection';
import { type ChatContext, failureFrame } from './chat-context';
import type { TurnRequest, UserMessage } from './turn-request';

/**
 * Stores the user's message first — nothing is lost if the engine then fails — and starts its
 * turn. Resolves once the message is stored and the turn queued (not when the reply ends), so
 * the connection's next frame is handled in order. The connection follows the session only
 * once the message was accepted there, and before the turn's first frame.
 */
export async function submitUserMessage(
  conn: WsConnection,
  message: UserMessage,
  ctx: ChatContext,
): Promise<void> {
  const { sessionId } = message;
  let stored: TurnRequest;
  try {
    stored = await ctx.chat.store({
      userId: conn.userId,
      sessionId,
      content: message.content,
      mode: message.mode,
      attachments: message.attachments,
      clientInfo: message.clientInfo,
      senderConnectionId: conn.id,
      fromVoice: message.fromVoice,
    });
  } catch (e) {
    conn.send(failureFrame(ctx, e, sessionId));
    return;
  }
  ctx.hub.follow(conn, sessionId);
  ctx.clients
    .activity(conn.id, { message: true })
    .catch((e: unknown) => ctx.log.warn({ err: e }, 'could not record client activity'));
  void ctx.chat.start(stored);
}
