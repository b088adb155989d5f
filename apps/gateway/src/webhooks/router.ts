import { contract } from '@cyrene/contracts';
import type { Clock } from '../clock/clock';
import { s } from '../http/server';
import type { DiscordInteractions } from './discord/interactions';
import { discordWebhook } from './routes/discord-webhook';
import { genericWebhook } from './routes/generic-webhook';
import type { GenericWebhookService } from './service';

export interface WebhookSecrets {
  /** WEBHOOK_KEY */
  webhookKey: string | undefined;
  /** DISCORD_PUBLIC_KEY */
  discordPublicKey: string | undefined;
}

export function webhooksRouter(
  webhooks: { generic: GenericWebhookService; discord: DiscordInteractions },
  secrets: WebhookSecrets,
  clock: Clock,
) {
  return s.router(contract.webhooks, {
    genericWebhook: genericWebhook(webhooks.generic, secrets.webhookKey),
    discordWebhook: discordWebhook(webhooks.discord, secrets.discordPublicKey, clock),
  });
}
