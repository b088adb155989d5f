import { contract } from '@cyrene/contracts';
import type { Clock } from '../../clock/clock';
import { s } from '../../http/server';
import type { DiscordInteractions } from '../discord/interactions';
import { verifyDiscordSignature } from '../discord/signature';

/** The signature is checked in middleware on the raw bytes, before the body is parsed and validated. */
export const discordWebhook = (discord: DiscordInteractions, publicKey: string | undefined, clock: Clock) =>
  s.route(contract.webhooks.discordWebhook, {
    middleware: [verifyDiscordSignature(publicKey, clock)],
    handler: async ({ body }) => ({ status: 200, body: await discord.handle(body) }),
  });
