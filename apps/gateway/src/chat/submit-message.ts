import type { Attachment, ChatMode, ClientInfo } from '@cyrene/contracts';
import type { WsConnection } from '../realtime/ws-connection';
import { type ChatContext, failureFrame } from './chat-context';

export interface UserMessage {
  sessionId: string;
  content: string;
  mode: ChatMode;
  attachments?: Attachment[];
  clientInfo: ClientInfo;
  fromVoice?: boolean;
}

/**
 * Stores the user's message first — nothing is lost if the engine then fails — and starts its
 * turn. Resolves once the message is stored and the turn queued (not when the reply ends), so
 * the connection's next frame is handled in order.
 */
export async function submitUserMessage(
  conn: WsConnection,
  message: UserMessage,
  ctx: ChatContext,
): Promise<void> {
  const { sessionId } = message;
  let userMessageId: number;
  try {
    await ctx.sessions.ensureSession(conn.userId, sessionId);
    const stored = await ctx.sessions.appendMessage({
      sessionId,
      userId: conn.userId,
      role: 'user',
      content: message.content,
      meta: {
        mode: message.mode,
        client_id: message.clientInfo.client_id,
        device_name: message.clientInfo.device_name,
        ...(message.attachments ? { attachments: message.attachments } : {}),
        ...(message.fromVoice ? { voice: true } : {}),
      },
    });
    userMessageId = stored.id;
  } catch (e) {
    conn.send(failureFrame(ctx, e, sessionId));
    return;
  }
  ctx.hub.follow(conn, sessionId);
  ctx.clients
    .activity(conn.id, { message: true })
    .catch((e: unknown) => ctx.log.warn({ err: e }, 'could not record client activity'));
  void ctx.turns.run({
    userId: conn.userId,
    sessionId,
    content: message.content,
    mode: message.mode,
    attachments: message.attachments,
    userMessageId,
    clientInfo: message.clientInfo,
    senderConnectionId: conn.id,
    fromVoice: message.fromVoice,
  });
}
