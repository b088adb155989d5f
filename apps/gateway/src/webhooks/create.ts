import type { ChatService } from '../chat/service';
import type { AppContext } from '../context';
import { DiscordApi } from './discord/discord-api';
import { DiscordInteractions } from './discord/interactions';
import { GenericWebhookService } from './service';

/** §14: the generic webhook and Discord, both answering through the one chat path. */
export function createWebhooks(ctx: AppContext, deps: { chat: ChatService }) {
  return {
    generic: new GenericWebhookService(deps.chat),
    discord: new DiscordInteractions(
      deps.chat,
      new DiscordApi(ctx.config.discordApiBase),
      ctx.config.discordDeferMs,
      ctx.log,
    ),
  };
}
