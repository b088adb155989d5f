import type { ChatService } from '../chat/service';
import type { EventCause } from '../notifications/service';

export interface AutomationChatMessage {
  userId: string;
  sessionId: string;
  message: string;
  /** Kept with the stored messages: which rule and run sent it. */
  meta: { source: 'automation'; rule_id: string; run_id: string };
  /** The run behind it: the chat_message event it raises is one level deeper. */
  cause: EventCause;
}

/** How a `chat` action speaks in a session as the rule's owner. */
export interface AutomationChat {
  send(message: AutomationChatMessage): Promise<void>;
}

/**
 * Through the one chat path: the message is stored in the owner's session (created when
 * missing) and raises its chat_message event, the reply streams to the owner's devices on the
 * session and is stored; the step waits for the whole reply, and fails with the engine's
 * "AI 服务暂不可用: …". Another user's session fails the step with 会话不存在.
 */
export function chatThrough(chat: Pick<ChatService, 'reply'>): AutomationChat {
  return {
    send: async (m) => {
      await chat.reply({
        userId: m.userId,
        sessionId: m.sessionId,
        content: m.message,
        mode: 'text',
        door: 'automation',
        clientInfo: {
          client_id: 'automation',
          device_name: `automation rule ${m.meta.rule_id}`,
          user_agent: '',
        },
        meta: m.meta,
        cause: m.cause,
      });
    },
  };
}
