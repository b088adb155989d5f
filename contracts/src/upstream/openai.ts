import { z } from 'zod';

/**
 * OpenAI-compatible providers, called directly when an admin routing rule names them
 * (`{base_url}` is the provider's, e.g. https://api.openai.com/v1). Request schemas are what the
 * gateway sends; response schemas are tolerant parsers (unknown keys are dropped, optional where
 * providers differ).
 */

export const OPENAI_PATHS = {
  chatCompletions: '/chat/completions',
  embeddings: '/embeddings',
  models: '/models',
  transcriptions: '/audio/transcriptions',
  speech: '/audio/speech',
} as const;

/* ---------- chat completions ---------- */

export const OpenAiContentPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({
    type: z.literal('image_url'),
    image_url: z.object({
      url: z.string().describe('https URL or data: URL'),
      detail: z.enum(['auto', 'low', 'high']).optional(),
    }),
  }),
]);
export type OpenAiContentPart = z.infer<typeof OpenAiContentPartSchema>;

export const OpenAiChatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(OpenAiContentPartSchema), z.null()]),
  name: z.string().optional(),
});
export type OpenAiChatMessage = z.infer<typeof OpenAiChatMessageSchema>;

export const OpenAiChatCompletionRequestSchema = z
  .object({
    model: z.string(),
    messages: z.array(OpenAiChatMessageSchema).min(1),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
    temperature: z.number().optional(),
    top_p: z.number().optional(),
    max_tokens: z.number().int().positive().optional(),
    stop: z.union([z.string(), z.array(z.string())]).optional(),
    user: z.string().optional(),
  })
  .passthrough()
  .describe("Other keys (a model's configured params) pass through");
export type OpenAiChatCompletionRequest = z.infer<typeof OpenAiChatCompletionRequestSchema>;

export const OpenAiUsageSchema = z.object({
  prompt_tokens: z.number().int().optional(),
  completion_tokens: z.number().int().optional(),
  total_tokens: z.number().int().optional(),
});
export type OpenAiUsage = z.infer<typeof OpenAiUsageSchema>;

/** One `data:` payload of a streamed chat completion (the stream ends with `data: [DONE]`). */
export const OpenAiChatCompletionChunkSchema = z.object({
  id: z.string().optional(),
  object: z.string().optional().describe('"chat.completion.chunk"'),
  created: z.number().optional(),
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        index: z.number().int().default(0),
        delta: z
          .object({
            role: z.string().optional(),
            content: z.string().nullish(),
            reasoning_content: z
              .string()
              .nullish()
              .describe('Reasoning text some providers stream separately'),
          })
          .default({}),
        finish_reason: z.string().nullish(),
      }),
    )
    .default([]),
  usage: OpenAiUsageSchema.nullish(),
});
export type OpenAiChatCompletionChunk = z.infer<typeof OpenAiChatCompletionChunkSchema>;

/** The `data:` payload that ends a streamed completion. */
export const OPENAI_SSE_DONE = '[DONE]';

/** A non-streamed chat completion. */
export const OpenAiChatCompletionSchema = z.object({
  id: z.string().optional(),
  model: z.string().optional(),
  choices: z.array(
    z.object({
      index: z.number().int().default(0),
      message: z.object({ role: z.string().optional(), content: z.string().nullish() }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: OpenAiUsageSchema.nullish(),
});
export type OpenAiChatCompletion = z.infer<typeof OpenAiChatCompletionSchema>;

/** The error body OpenAI-compatible servers answer with on 4xx/5xx. */
export const OpenAiErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().nullish(),
    param: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});
export type OpenAiErrorBody = z.infer<typeof OpenAiErrorBodySchema>;

/* ---------- embeddings ---------- */

export const OpenAiEmbeddingsRequestSchema = z.object({
  model: z.string(),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
  encoding_format: z.enum(['float', 'base64']).optional().describe('The gateway asks for "float"'),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
});
export type OpenAiEmbeddingsRequest = z.infer<typeof OpenAiEmbeddingsRequestSchema>;

export const OpenAiEmbeddingsResponseSchema = z.object({
  object: z.string().optional().describe('"list"'),
  data: z.array(
    z.object({
      object: z.string().optional().describe('"embedding"'),
      index: z.number().int(),
      embedding: z.array(z.number()),
    }),
  ),
  model: z.string().optional(),
  usage: OpenAiUsageSchema.nullish(),
});
export type OpenAiEmbeddingsResponse = z.infer<typeof OpenAiEmbeddingsResponseSchema>;

/* ---------- models ---------- */

export const OpenAiModelSchema = z.object({
  id: z.string(),
  object: z.string().optional().describe('"model"'),
  created: z.number().optional(),
  owned_by: z.string().optional(),
});
export type OpenAiModel = z.infer<typeof OpenAiModelSchema>;

/** `GET {base_url}/models` */
export const OpenAiModelListSchema = z.object({
  object: z.string().optional().describe('"list"'),
  data: z.array(OpenAiModelSchema),
});
export type OpenAiModelList = z.infer<typeof OpenAiModelListSchema>;

/* ---------- audio ---------- */

/** The text fields of `POST {base_url}/audio/transcriptions` (multipart/form-data; the recording goes in `file`). */
export const OpenAiTranscriptionFieldsSchema = z.object({
  model: z.string().describe('e.g. "whisper-1"'),
  language: z.string().optional().describe('ISO-639-1, e.g. "zh"'),
  prompt: z.string().optional(),
  response_format: z.enum(['json', 'text', 'srt', 'verbose_json', 'vtt']).optional(),
  temperature: z.number().min(0).max(1).optional(),
});
export type OpenAiTranscriptionFields = z.infer<typeof OpenAiTranscriptionFieldsSchema>;
/** The whole multipart form. */
export type OpenAiTranscriptionForm = OpenAiTranscriptionFields & { file: Blob };

/** Answer of a transcription with response_format json (the default). */
export const OpenAiTranscriptionSchema = z.object({ text: z.string() });
export type OpenAiTranscription = z.infer<typeof OpenAiTranscriptionSchema>;

/** `POST {base_url}/audio/speech` (JSON); answered with the audio bytes. */
export const OpenAiSpeechRequestSchema = z.object({
  model: z.string().describe('e.g. "tts-1"'),
  input: z.string().min(1),
  voice: z.string(),
  response_format: z.enum(['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']).optional(),
  speed: z.number().min(0.25).max(4).optional(),
  instructions: z.string().optional(),
});
export type OpenAiSpeechRequest = z.infer<typeof OpenAiSpeechRequestSchema>;
