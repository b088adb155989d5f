import { z } from 'zod';
import { AttachmentSchema, ChatModeSchema } from '../ws';

/**
 * AI-Core, the chat engine used when no `chat` routing rule is configured:
 * `POST {AI_CORE_URL}/api/v1/chat` with a JSON body, answered with Server-Sent Events:
 * `data: {"delta":"…"}` lines, then `data: {"done":true,"finish_reason":"stop"}`, then `data: [DONE]`.
 */

export const AI_CORE_CHAT_PATH = '/api/v1/chat';

/** The `data:` payload that ends the stream. */
export const AI_CORE_SSE_DONE = '[DONE]';
export const AiCoreSseDoneSchema = z.literal(AI_CORE_SSE_DONE);

export const AiCoreHistoryMessageSchema = z.object({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string(),
});
export type AiCoreHistoryMessage = z.infer<typeof AiCoreHistoryMessageSchema>;

export const AiCoreChatRequestSchema = z.object({
  session_id: z.string(),
  user_id: z.string(),
  message: z.string().describe('The new user message'),
  mode: ChatModeSchema,
  attachments: z.array(AttachmentSchema).optional(),
  history: z
    .array(AiCoreHistoryMessageSchema)
    .optional()
    .describe('Earlier messages of the session, oldest first, not including `message`'),
});
export type AiCoreChatRequest = z.infer<typeof AiCoreChatRequestSchema>;

export const AiCoreDeltaEventSchema = z.object({ delta: z.string() });
export type AiCoreDeltaEvent = z.infer<typeof AiCoreDeltaEventSchema>;

export const AiCoreDoneEventSchema = z.object({
  done: z.literal(true),
  finish_reason: z.string().default('stop'),
});
export type AiCoreDoneEvent = z.infer<typeof AiCoreDoneEventSchema>;

/** Not in the decisions, but tolerated: an upstream that reports a failure mid-stream. */
export const AiCoreErrorEventSchema = z.object({ error: z.string() });
export type AiCoreErrorEvent = z.infer<typeof AiCoreErrorEventSchema>;

/** One JSON `data:` payload of the stream (everything but the final `[DONE]`). */
export const AiCoreStreamEventSchema = z.union([
  AiCoreDoneEventSchema,
  AiCoreDeltaEventSchema,
  AiCoreErrorEventSchema,
]);
export type AiCoreStreamEvent = z.infer<typeof AiCoreStreamEventSchema>;
