import { z } from 'zod';
import { c, meta } from './common/contract';
import { ErrorBodySchema, ErrorTypeSchema } from './common/errors';
import { PassthroughObjectSchema } from './common/responses';

/** §5 语音 STT / TTS — proxied to Voice-Service (VOICE_SERVICE_URL). */

/** Largest accepted recording: 10 MB. */
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;

export const TranscriptionSchema = z.object({
  success: z.literal(true),
  text: z.string().describe('识别结果文本'),
});
export type Transcription = z.infer<typeof TranscriptionSchema>;

export const TranscriptionFailureSchema = z.object({
  success: z.literal(false),
  error: z.string().describe('"语音识别失败: <reason>"'),
  errorType: ErrorTypeSchema.optional().describe('e.g. file_too_large, unsupported_type'),
});
export type TranscriptionFailure = z.infer<typeof TranscriptionFailureSchema>;

export const TtsBodySchema = z
  .object({
    text: z
      .string({ required_error: '文本不能为空', invalid_type_error: '文本不能为空' })
      .trim()
      .min(1, '文本不能为空')
      .max(5000, '文本过长 (最多 5000 个字符)'),
    voice: z.string().optional().describe('A voice from GET /voice/tts/voices; absent: the service default'),
    speed: z.number().positive('speed 必须大于 0').optional().describe('1.0 = normal'),
    format: z.string().optional().describe('Audio format, e.g. "mp3" (default), "wav", "ogg", "pcm"'),
  })
  .passthrough()
  .describe('Relayed to Voice-Service POST /api/v1/tts/synthesize; other keys pass through unchanged');
export type TtsBody = z.infer<typeof TtsBodySchema>;

const VOICE_UNREACHABLE_NOTE =
  'Voice-Service unreachable (or VOICE_SERVICE_URL unset) → 502 {"error":"Voice-Service 不可达: …","errorType":"voice_service_unreachable"}.';

export const voiceContract = c.router({
  transcribeAudio: {
    method: 'POST',
    path: '/voice/transcribe',
    summary: '语音转文字',
    description:
      'multipart/form-data, field `audio` (PCM/WAV/MP3/OGG/FLAC/WebM…), at most 10 MB (MAX_AUDIO_BYTES), ' +
      'relayed to Voice-Service POST /transcribe. Input failures answer in the spec\'s shape {"success":false,"error":"语音识别失败: …"}: ' +
      '400 when the field is missing or empty or Voice-Service rejects the audio, 413 (errorType file_too_large) over 10 MB. ' +
      `${VOICE_UNREACHABLE_NOTE} A 5xx from Voice-Service → 502 errorType upstream_error.`,
    contentType: 'multipart/form-data',
    body: c.type<{ audio: Blob }>(),
    responses: {
      200: TranscriptionSchema,
      400: TranscriptionFailureSchema,
      413: TranscriptionFailureSchema,
      502: ErrorBodySchema,
    },
    metadata: meta({
      auth: 'user',
      multipart: {
        audio: {
          kind: 'file',
          required: true,
          description: 'The recording (PCM/WAV/MP3/OGG/FLAC/WebM, max 10 MB)',
          maxBytes: MAX_AUDIO_BYTES,
        },
      },
    }),
  },
  synthesizeSpeech: {
    method: 'POST',
    path: '/voice/tts',
    summary: '文字转语音',
    description:
      "Proxied to Voice-Service POST /api/v1/tts/synthesize; the audio is streamed back with Voice-Service's " +
      'Content-Type (audio/mpeg for mp3, audio/wav, audio/ogg, …). A 4xx from Voice-Service is relayed as 400 with its message. ' +
      VOICE_UNREACHABLE_NOTE,
    body: TtsBodySchema,
    responses: {
      200: c.otherResponse({ contentType: 'audio/mpeg', body: c.type<Blob>() }),
      502: ErrorBodySchema,
    },
    metadata: meta({ auth: 'user' }),
  },
  listTtsVoices: {
    method: 'GET',
    path: '/voice/tts/voices',
    summary: '发音人列表',
    description: `Voice-Service GET /api/v1/tts/voices, relayed as it came. ${VOICE_UNREACHABLE_NOTE}`,
    responses: { 200: PassthroughObjectSchema, 502: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  getTtsStatus: {
    method: 'GET',
    path: '/voice/tts/status',
    summary: 'TTS 状态',
    description: `Voice-Service GET /api/v1/tts/status, relayed as it came. ${VOICE_UNREACHABLE_NOTE}`,
    responses: { 200: PassthroughObjectSchema, 502: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
  getVoiceStatus: {
    method: 'GET',
    path: '/voice/status',
    summary: '语音服务完整状态 (STT + TTS)',
    description: `Voice-Service GET /status, relayed as it came. ${VOICE_UNREACHABLE_NOTE}`,
    responses: { 200: PassthroughObjectSchema, 502: ErrorBodySchema },
    metadata: meta({ auth: 'user' }),
  },
});
