import type { Attachment, ChatMode, ClientInfo } from '@cyrene/contracts';
import type { MessageMeta } from '../db/schema';
import type { EventCause } from '../notifications/service';
import type { ChatDoor } from '../observability/telemetry';

/**
 * A user's chat message, from any door: the WebSocket, a webhook, an automation rule. The one
 * shape of a chat message on its way in; a stored one is a TurnRequest, a WebSocket frame's is
 * a UserMessage, both derived from it.
 */
export interface UserTurn {
  userId: string;
  sessionId: string;
  /** The user's text (for voice input: the transcript). */
  content: string;
  mode: ChatMode;
  attachments?: Attachment[];
  /** The device (or integration) it came from, shown to the user's other devices. */
  clientInfo: ClientInfo;
  /** Where it came from (webhook platform, automation rule…), kept with the message and its reply. */
  meta?: MessageMeta;
  /** The WebSocket connection that sent it: it does not get the echo of its own message. */
  senderConnectionId?: string;
  /** Voice input: `content` is the transcript, announced to every device first. */
  fromVoice?: boolean;
  /** Loop breaker for automation: the run that sent it (absent: a person, depth 0). */
  cause?: EventCause;
  /** Where it came in, for metrics (absent: the WebSocket). */
  door?: ChatDoor;
}

/** A user message that was stored (as `userMessageId`) and now needs its reply. */
export type TurnRequest = Omit<UserTurn, 'cause'> & { userMessageId: number };

/** What a connection's `message` or `voice_input` frame asks: the connection supplies the rest. */
export type UserMessage = Pick<
  UserTurn,
  'sessionId' | 'content' | 'mode' | 'attachments' | 'clientInfo' | 'fromVoice'
>;
