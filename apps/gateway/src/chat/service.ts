import { Listeners } from '../events/listeners';
import type { Logger } from '../logging/logger';
import type { EventCause } from '../notifications/service';
import type { StreamLog } from '../realtime/stream-log';
import type { SessionsService } from '../sessions/service';
import type { GenerationsRepository } from './generations-repository';
import type { TurnInterrupter } from './interrupter';
import { ReplyCollector, type WholeReply } from './reply-collector';
import type { TurnObserver } from './turn-observer';
import type { TurnRequest, UserTurn } from './turn-request';
import type { TurnRunner } from './turn-runner';

export type { WholeReply };

/** Told about every user message stored (automation's chat_message events). */
export type UserMessageListener = (message: TurnRequest, cause: EventCause) => void;

/** The turn machinery behind the service, which the WebSocket layer also reads (resume, sweeps). */
export interface ChatMachinery {
  turns: TurnRunner;
  interrupter: TurnInterrupter;
  streamLog: StreamLog;
  generations: GenerationsRepository;
}

const OUTSIDE: EventCause = { depth: 0 };

/**
 * The one chat path: store the user's message (nothing is lost if the engine then fails), then
 * run its turn — the session's turn lock, seq'd frames to every WebSocket follower of the
 * session on any instance, the reply stored as it grows. The WebSocket streams it; webhooks and
 * automation wait for the whole text through `reply`.
 */
export class ChatService {
  private readonly listeners: Listeners<Parameters<UserMessageListener>>;

  constructor(
    private readonly sessions: Pick<SessionsService, 'ensureSession' | 'appendMessage'>,
    readonly machinery: ChatMachinery,
    log: Logger,
  ) {
    this.listeners = new Listeners(log, 'chat message');
  }

  onUserMessage(listener: UserMessageListener): void {
    this.listeners.add(listener);
  }

  /**
   * Stores the message in the user's session (created when missing; another user's session is
   * session_not_found) and tells the listeners. Start its reply with `start`.
   */
  async store(turn: UserTurn): Promise<TurnRequest> {
    await this.sessions.ensureSession(turn.userId, turn.sessionId);
    const stored = await this.sessions.appendMessage({
      sessionId: turn.sessionId,
      userId: turn.userId,
      role: 'user',
      content: turn.content,
      meta: {
        mode: turn.mode,
        client_id: turn.clientInfo.client_id,
        device_name: turn.clientInfo.device_name,
        ...(turn.attachments ? { attachments: turn.attachments } : {}),
        ...(turn.fromVoice ? { voice: true } : {}),
        ...turn.meta,
      },
    });
    const request: TurnRequest = {
      userId: turn.userId,
      sessionId: turn.sessionId,
      content: turn.content,
      mode: turn.mode,
      attachments: turn.attachments,
      userMessageId: stored.id,
      clientInfo: turn.clientInfo,
      senderConnectionId: turn.senderConnectionId,
      fromVoice: turn.fromVoice,
      meta: turn.meta,
      door: turn.door,
    };
    this.listeners.emit(request, turn.cause ?? OUTSIDE);
    return request;
  }

  /** Runs the stored message's turn; resolves when it is over (never rejects). */
  start(request: TurnRequest, observer?: TurnObserver): Promise<void> {
    return this.machinery.turns.run(request, observer);
  }

  /**
   * Stores the message and waits for the whole reply. Throws the spec's 502
   * "AI 服务暂不可用: …" when the engine fails (the user's message stays stored).
   */
  async reply(turn: UserTurn): Promise<WholeReply> {
    const request = await this.store(turn);
    const collector = new ReplyCollector();
    await this.start(request, collector);
    return collector.result();
  }
}
