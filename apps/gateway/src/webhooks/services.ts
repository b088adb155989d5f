import type { ChatEngine } from '../chat-engine/engine';
import type { AppContext } from '../context';
import type { SessionsService } from '../sessions/service';
import { DiscordApi } from './discord/discord-api';
import { DiscordInteractions } from './discord/interactions';
import { ChatExchange } from './exchange';
import { GenericWebhookService } from './service';

/** §14: the generic webhook and Discord, both answering through one chat exchange. */
export function createWebhooks(ctx: AppContext, deps: { sessions: SessionsService; chatEngine: ChatEngine }) {
  const exchange = new ChatExchange(deps.sessions, deps.chatEngine, ctx.log);
  return {
    generic: new GenericWebhookService(exchange),
    discord: new DiscordInteractions(
      exchange,
      new DiscordApi(ctx.config.discordApiBase),
      ctx.config.discordDeferMs,
      ctx.log,
    ),
  };
}
