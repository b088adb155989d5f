import type { Message, Session } from '@cyrene/contracts';
import type { MessageRow, SessionRow } from '../db/schema';

/** Rows → contract types for sessions and messages: timestamps become epoch milliseconds here. */
export function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    user_id: row.user_id,
    title: row.title,
    is_main: row.is_main,
    created_at: row.created_at.getTime(),
    updated_at: row.updated_at.getTime(),
  };
}

export function toMessage(
  row: Pick<MessageRow, 'id' | 'session_id' | 'role' | 'msg_type' | 'content' | 'created_at'>,
): Message {
  return {
    id: row.id,
    session_id: row.session_id,
    role: row.role,
    msg_type: row.msg_type,
    content: row.content,
    created_at: row.created_at.getTime(),
  };
}
