import type {
  DiscordCommandInteraction,
  DiscordInteraction,
  DiscordInteractionResponse,
} from '@cyrene/contracts';
import { z } from 'zod';
import type { ChatService } from '../../chat/service';
import { ApiError } from '../../http/api-error';
import type { Logger } from '../../logging/logger';
import type { DiscordApi } from './discord-api';

/** Discord's message length limit. */
const MAX_CONTENT = 2000;
/** Message flag: only the invoking user sees it. */
const EPHEMERAL = 64;
const NO_MENTIONS = { parse: [] };

/** The parts of an interaction the gateway reads beyond the contract's: who, and where. */
const InvokerSchema = z.object({
  channel_id: z.string().optional(),
  member: z.object({ user: z.object({ id: z.string() }) }).optional(),
  user: z.object({ id: z.string() }).optional(),
});

type Reply = { content: string; ephemeral: boolean };

const cut = (text: string) => (text.length > MAX_CONTENT ? `${text.slice(0, MAX_CONTENT - 1)}…` : text);

function respond({ content, ephemeral }: Reply): DiscordInteractionResponse {
  return {
    type: 4,
    data: {
      content: cut(content),
      allowed_mentions: NO_MENTIONS,
      ...(ephemeral ? { flags: EPHEMERAL } : {}),
    },
  };
}

/** The `message` option of `/chat`, trimmed. */
function chatMessage(interaction: DiscordCommandInteraction): string {
  const option = interaction.data.options?.find((o) => o.name === 'message');
  return typeof option?.value === 'string' ? option.value.trim() : '';
}

/**
 * §14 Discord interactions: PING → PONG; `/chat message:<text>` → the AI's reply in the channel.
 * Discord waits 3 s for an answer: a reply not ready within `deferMs` is answered with type 5
 * (deferred) and delivered later by editing the original response.
 */
export class DiscordInteractions {
  constructor(
    private readonly chat: Pick<ChatService, 'reply'>,
    private readonly api: DiscordApi,
    private readonly deferMs: number,
    private readonly log: Logger,
  ) {}

  async handle(interaction: DiscordInteraction): Promise<DiscordInteractionResponse> {
    if (interaction.type === 1) return { type: 1 };
    const command = interaction.data.name;
    if (command !== 'chat') {
      return respond({ content: `未知命令: /${command}。可用命令: /chat message:<内容>`, ephemeral: true });
    }
    const message = chatMessage(interaction);
    if (message === '')
      return respond({ content: '消息不能为空。用法: /chat message:<内容>', ephemeral: true });
    const invoker = InvokerSchema.parse(interaction);
    const userId = invoker.member?.user.id ?? invoker.user?.id;
    if (!userId) return respond({ content: '无法识别发送者', ephemeral: true });

    const reply = this.answer(userId, invoker.channel_id, message);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deferred = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.deferMs);
    });
    const ready = await Promise.race([reply, deferred]);
    clearTimeout(timer);
    if (ready) return respond(ready);
    void reply.then((late) => this.deliver(interaction, late.content));
    return { type: 5 };
  }

  /**
   * The reply as Discord shows it; never rejects. The session is per channel and per user: one
   * conversation for each person in each channel (session ids belong to one user).
   */
  private async answer(userId: string, channelId: string | undefined, message: string): Promise<Reply> {
    try {
      const answer = await this.chat.reply({
        userId: `ext_discord_${userId}`,
        sessionId: channelId ? `discord_${channelId}_${userId}` : `discord_dm_${userId}`,
        content: message,
        mode: 'text',
        door: 'webhook',
        clientInfo: { client_id: 'webhook_discord', device_name: 'Discord', user_agent: '' },
        meta: { source: 'webhook', platform: 'discord' },
      });
      return { content: answer.text === '' ? '(空回复)' : answer.text, ephemeral: false };
    } catch (e) {
      if (!(e instanceof ApiError)) this.log.error({ err: e }, 'Discord interaction failed');
      return { content: e instanceof ApiError ? e.message : '服务器内部错误', ephemeral: true };
    }
  }

  private async deliver(interaction: DiscordCommandInteraction, content: string): Promise<void> {
    try {
      await this.api.editOriginal(interaction.application_id, interaction.token, cut(content));
    } catch (e) {
      this.log.warn(
        { interactionId: interaction.id, err: e instanceof Error ? e.message : String(e) },
        'could not deliver a deferred Discord reply',
      );
    }
  }
}
