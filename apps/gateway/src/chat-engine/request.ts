import type { Attachment, ChatMode } from '@cyrene/contracts';
import type { ChatDoor } from '../observability/telemetry';

/** One earlier message of the session, as sent upstream with the new one. */
export interface ChatTurn {
  role: 'user' | 'assistant' | 'system';
  content: string;
}

/** What the chat engine is asked for one turn. */
export interface ChatRequest {
  userId: string;
  sessionId: string;
  /** The new user message (not part of `history`). */
  message: string;
  mode: ChatMode;
  attachments?: Attachment[];
  /** Earlier turns of the session, oldest first. */
  history: ChatTurn[];
  /** Aborting ends the upstream call; the iteration then throws the signal's reason. */
  signal?: AbortSignal;
  /** Where the turn came in, for metrics (default: the WebSocket). */
  door?: ChatDoor;
}
