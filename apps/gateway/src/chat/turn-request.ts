import type { Attachment, ChatMode, ClientInfo } from '@cyrene/contracts';
import type { MessageMeta } from '../db/schema';
import type { ChatDoor } from '../observability/telemetry';

/** A user message that was stored and now needs its reply. */
export interface TurnRequest {
  userId: string;
  sessionId: string;
  /** The user's text (for voice input: the transcript). */
  content: string;
  mode: ChatMode;
  attachments?: Attachment[];
  userMessageId: number;
  /** The device it came from, shown to the user's other devices. */
  clientInfo: ClientInfo;
  /** The connection that sent it: it does not get the echo of its own message. */
  senderConnectionId?: string;
  /** Voice input: the transcript is announced to every device first. */
  fromVoice?: boolean;
  /** Where the message came from (webhook platform, automation rule…), kept with the reply too. */
  meta?: MessageMeta;
  /** Where it came in, for metrics (absent: the WebSocket). */
  door?: ChatDoor;
}
