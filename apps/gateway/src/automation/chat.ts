import type { ChatExchange } from '../webhooks/exchange';

export interface AutomationChatMessage {
  userId: string;
  sessionId: string;
  message: string;
  /** Kept with the stored messages: which rule and run sent it. */
  meta: Record<string, unknown>;
}

/** How a `chat` action speaks in a session as the rule's owner. */
export interface AutomationChat {
  send(message: AutomationChatMessage): Promise<void>;
}

/**
 * Through the whole-text chat exchange the webhooks use: the message is stored in the owner's
 * session (created when missing), the chat engine answers with the session's history, and the
 * reply is stored. Another user's session fails the step with 会话不存在.
 */
export function exchangeChat(exchange: Pick<ChatExchange, 'reply'>): AutomationChat {
  return {
    send: async (m) => {
      await exchange.reply({
        userId: m.userId,
        sessionId: m.sessionId,
        message: m.message,
        mode: 'text',
        meta: m.meta,
      });
    },
  };
}
