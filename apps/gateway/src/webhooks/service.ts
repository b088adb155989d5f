import type { GenericWebhookBodySchema, GenericWebhookReply } from '@cyrene/contracts';
import type { z } from 'zod';
import type { ChatService } from '../chat/service';
import { externalUserId, newWebhookSessionId } from './ids';

/** The body after the contract's defaults (mode text, platform generic) were applied. */
export type GenericWebhookRequest = z.output<typeof GenericWebhookBodySchema>;

const DEFAULT_USER = 'webhook_generic';

/**
 * §14 generic webhook: one message in, the AI's whole reply out, through the one chat path
 * (the session's turn lock; its WebSocket followers see the exchange as it streams).
 */
export class GenericWebhookService {
  constructor(private readonly chat: Pick<ChatService, 'reply'>) {}

  async handle(body: GenericWebhookRequest): Promise<GenericWebhookReply> {
    const sessionId = body.session_id ?? newWebhookSessionId();
    const answer = await this.chat.reply({
      userId: externalUserId(body.user_id ?? DEFAULT_USER),
      sessionId,
      content: body.message,
      mode: body.mode,
      door: 'webhook',
      clientInfo: {
        client_id: `webhook_${body.platform}`,
        device_name: `${body.platform} webhook`,
        user_agent: '',
      },
      meta: { source: 'webhook', platform: body.platform },
    });
    return {
      reply: answer.text,
      session_id: sessionId,
      message_id: String(answer.messageId),
      finish_reason: answer.finishReason,
    };
  }
}
