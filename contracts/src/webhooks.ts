import { z } from 'zod';
import { c, meta } from './common/contract';
import { ErrorBodySchema } from './common/errors';
import { Int32Schema } from './common/input-rules';

/** §14 Webhook 第三方接入 */

export const WebhookModeSchema = z.enum(['text', 'voice_msg']);
export type WebhookMode = z.infer<typeof WebhookModeSchema>;

export const WebhookKeyHeadersSchema = z.object({
  'x-webhook-key': z
    .string()
    .optional()
    .describe(
      'Must equal WEBHOOK_KEY (checked before the body is read: wrong or missing → 401; WEBHOOK_KEY unset → 503)',
    ),
});
export type WebhookKeyHeaders = z.infer<typeof WebhookKeyHeadersSchema>;

export const GenericWebhookBodySchema = z.object({
  message: z
    .string({ required_error: '消息不能为空', invalid_type_error: '消息不能为空' })
    .trim()
    .min(1, '消息不能为空')
    .max(32_000, '消息过长 (最多 32000 个字符)'),
  user_id: z
    .string({ invalid_type_error: 'user_id 必须是字符串' })
    .trim()
    .min(1, 'user_id 不能为空')
    .max(64, 'user_id 最多 64 个字符')
    .optional()
    .describe(
      'Default "webhook_generic". Stored as "ext_" + user_id (not doubled when it already starts with "ext_"), ' +
        'so a webhook can never act as "admin" or a registered user',
    ),
  session_id: z
    .string({ invalid_type_error: 'session_id 必须是字符串' })
    .trim()
    .min(1, 'session_id 不能为空')
    .max(128, 'session_id 最多 128 个字符')
    .optional()
    .describe(
      'Default "webhook_" + 12 random characters; pass the returned one back to continue the conversation',
    ),
  mode: WebhookModeSchema.default('text'),
  platform: z
    .string({ invalid_type_error: 'platform 必须是字符串' })
    .max(32, 'platform 最多 32 个字符')
    .default('generic')
    .describe('Free-form name of the calling system, recorded with the messages'),
});
export type GenericWebhookBody = z.input<typeof GenericWebhookBodySchema>;

export const GenericWebhookReplySchema = z.object({
  reply: z.string().describe('AI 回复文本'),
  session_id: z.string(),
  message_id: z.string().describe('The stored assistant message (Message.id as a string)'),
  finish_reason: z.string().describe('"stop" normally; "length" / "content_filter" as the model reports'),
});
export type GenericWebhookReply = z.infer<typeof GenericWebhookReplySchema>;

/* ---------- Discord ---------- */

export const DiscordSignatureHeadersSchema = z.object({
  'x-signature-ed25519': z.string().optional().describe('Hex Ed25519 signature of timestamp + raw body'),
  'x-signature-timestamp': z.string().optional(),
});
export type DiscordSignatureHeaders = z.infer<typeof DiscordSignatureHeadersSchema>;

export const DiscordCommandOptionSchema = z
  .object({
    name: z.string(),
    type: Int32Schema.describe('Discord ApplicationCommandOptionType (3 = STRING)'),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  })
  .passthrough();
export type DiscordCommandOption = z.infer<typeof DiscordCommandOptionSchema>;

const DiscordInteractionBase = {
  id: z.string(),
  application_id: z.string(),
  token: z.string().describe('Interaction token, used for a follow-up after a deferred (type 5) answer'),
};

export const DiscordPingInteractionSchema = z
  .object({ type: z.literal(1), ...DiscordInteractionBase })
  .passthrough();
export type DiscordPingInteraction = z.infer<typeof DiscordPingInteractionSchema>;

export const DiscordCommandInteractionSchema = z
  .object({
    type: z.literal(2),
    ...DiscordInteractionBase,
    data: z
      .object({
        name: z.string().describe('Command name; the gateway answers "chat"'),
        options: z
          .array(DiscordCommandOptionSchema)
          .optional()
          .describe('For /chat: a "message" STRING option'),
      })
      .passthrough(),
  })
  .passthrough();
export type DiscordCommandInteraction = z.infer<typeof DiscordCommandInteractionSchema>;

/** A Discord Interaction: type 1 PING or type 2 APPLICATION_COMMAND; other keys pass through. */
export const DiscordInteractionSchema = z.discriminatedUnion('type', [
  DiscordPingInteractionSchema,
  DiscordCommandInteractionSchema,
]);
export type DiscordInteraction = z.infer<typeof DiscordInteractionSchema>;

export const DiscordInteractionResponseSchema = z.union([
  z.object({ type: z.literal(1) }).describe('PONG, the answer to a PING'),
  z
    .object({
      type: z.literal(4),
      data: z.object({
        content: z.string().describe("AI 回复, cut to Discord's 2000 characters"),
        flags: z.number().int().optional().describe('64 (EPHEMERAL) on errors and unknown commands'),
        allowed_mentions: z
          .object({ parse: z.array(z.string()) })
          .optional()
          .describe('{"parse":[]}: an AI reply never pings @everyone, roles or users'),
      }),
    })
    .describe('CHANNEL_MESSAGE_WITH_SOURCE'),
  z
    .object({ type: z.literal(5) })
    .describe('DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: the reply follows by editing the original response'),
]);
export type DiscordInteractionResponse = z.infer<typeof DiscordInteractionResponseSchema>;

export const webhooksContract = c.router({
  genericWebhook: {
    method: 'POST',
    path: '/webhook/generic',
    summary: '通用 Webhook',
    description:
      'Sends `message` to the AI as ext_<user_id> in session_id and answers with the whole reply (no streaming). ' +
      'mode=voice_msg only changes the reply style; the answer is text. ' +
      '401 wrong or missing X-Webhook-Key; 503 WEBHOOK_KEY not configured; 502 {"error":"AI 服务暂不可用: …"} when no chat engine answers ' +
      '(the user message stays stored).',
    headers: WebhookKeyHeadersSchema,
    body: GenericWebhookBodySchema,
    responses: { 200: GenericWebhookReplySchema, 502: ErrorBodySchema, 503: ErrorBodySchema },
    metadata: meta({ auth: 'webhook' }),
  },
  discordWebhook: {
    method: 'POST',
    path: '/webhook/discord',
    summary: 'Discord 交互',
    description:
      'A Discord Interactions endpoint, verified with the Ed25519 signature against DISCORD_PUBLIC_KEY ' +
      '(bad or missing signature → 401; DISCORD_PUBLIC_KEY unset → 503). ' +
      'type 1 PING → {"type":1}. type 2 `/chat message:<text>` → {"type":4,"data":{"content":"AI 回复"}} when the reply is ready ' +
      'within ~2.5 s, else {"type":5} and the reply is sent by editing the original response ' +
      '(PATCH https://discord.com/api/v10/webhooks/<application_id>/<token>/messages/@original). ' +
      'The user is "ext_discord_<user id>", the session "discord_<channel id>_<user id>" (one conversation per person ' +
      'per channel: a session belongs to one user). Unknown commands → type 4 with flags 64.',
    headers: DiscordSignatureHeadersSchema,
    body: DiscordInteractionSchema,
    responses: { 200: DiscordInteractionResponseSchema, 503: ErrorBodySchema },
    metadata: meta({ auth: 'webhook' }),
  },
});
