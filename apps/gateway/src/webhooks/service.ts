import type { GenericWebhookBodySchema, GenericWebhookReply } from '@cyrene/contracts';
import type { z } from 'zod';
import type { ChatExchange } from './exchange';
import { externalUserId, newWebhookSessionId } from './ids';

/** The body after the contract's defaults (mode text, platform generic) were applied. */
export type GenericWebhookRequest = z.output<typeof GenericWebhookBodySchema>;

const DEFAULT_USER = 'webhook_generic';

/** §14 generic webhook: one message in, the AI's whole reply out, both stored in the session. */
export class GenericWebhookService {
  constructor(private readonly exchange: ChatExchange) {}

  async handle(body: GenericWebhookRequest): Promise<GenericWebhookReply> {
    const sessionId = body.session_id ?? newWebhookSessionId();
    const answer = await this.exchange.reply({
      userId: externalUserId(body.user_id ?? DEFAULT_USER),
      sessionId,
      message: body.message,
      mode: body.mode,
      meta: { source: 'webhook', platform: body.platform },
    });
    return {
      reply: answer.reply,
      session_id: sessionId,
      message_id: String(answer.messageId),
      finish_reason: answer.finishReason,
    };
  }
}
