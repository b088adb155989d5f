import type { MessageFrame } from '@cyrene/contracts';
import type { WsConnection } from '../../realtime/ws-connection';
import { type ChatContext, clientInfoOf } from '../chat-context';
import { submitUserMessage } from '../submit-message';

/** `message`: a chat message; the reply streams to every device on the session. */
export function handleMessage(conn: WsConnection, frame: MessageFrame, ctx: ChatContext): Promise<void> {
  return submitUserMessage(
    conn,
    {
      sessionId: frame.session_id ?? conn.sessionId,
      content: frame.content,
      mode: frame.mode,
      attachments: frame.attachments,
      clientInfo: clientInfoOf(conn, frame),
    },
    ctx,
  );
}
