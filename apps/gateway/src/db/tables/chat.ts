import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from './columns';

/** §3–4: sessions and their messages. */

export interface SessionsTable {
  /** `session_<12>` when generated; clients may choose their own. Unique across all users. */
  id: string;
  /** Owner: `admin` or `user_<username>`. */
  user_id: string;
  title: string;
  /** At most one main session per user (partial unique index). */
  is_main: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type SessionRow = Selectable<SessionsTable>;

/** Engine attempts, `interrupted` and the like; written as a JSON string, read back parsed. */
export type MessageMeta = Record<string, unknown>;

export interface MessagesTable {
  /** bigint identity; read as a number (database.ts parses int8). */
  id: Generated<number>;
  session_id: string;
  /** Owner, the same as the session's: search filters on it without a join. */
  user_id: string;
  role: 'user' | 'assistant' | 'system' | 'action';
  msg_type: 'chat' | 'action';
  content: string;
  /** The search grams of the lowercased content (text/grams.ts), computed by the app. */
  bigrams: string[];
  meta: ColumnType<MessageMeta | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}
export type MessageRow = Selectable<MessagesTable>;

export interface ChatTables {
  sessions: SessionsTable;
  messages: MessagesTable;
}
