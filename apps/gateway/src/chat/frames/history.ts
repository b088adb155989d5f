import type { HistoryFrame } from '@cyrene/contracts';
import type { WsConnection } from '../../realtime/ws-connection';
import { type ChatContext, failureFrame } from '../chat-context';

/** Messages a history frame returns when it names no limit. */
const DEFAULT_HISTORY = 50;

/** `history`: the session's most recent messages, oldest first. */
export async function handleHistory(
  conn: WsConnection,
  frame: HistoryFrame,
  ctx: ChatContext,
): Promise<void> {
  const sessionId = frame.session_id ?? conn.sessionId;
  try {
    const messages = await ctx.sessions.history(conn.userId, sessionId, frame.limit ?? DEFAULT_HISTORY);
    conn.send({
      type: 'history_response',
      session_id: sessionId,
      messages,
      timestamp: ctx.clock.now().getTime(),
    });
  } catch (e) {
    conn.send(failureFrame(ctx, e, sessionId));
  }
}
