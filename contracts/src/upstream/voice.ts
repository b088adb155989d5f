import { z } from 'zod';
import { PassthroughObjectSchema } from '../common/responses';
import { TtsBodySchema } from '../voice';

/**
 * Voice-Service (VOICE_SERVICE_URL). The gateway's /voice routes relay to these paths;
 * any connection failure becomes 502 `voice_service_unreachable`.
 */

export const VOICE_SERVICE_PATHS = {
  /** multipart/form-data, field `audio` → `{"text": "…"}` */
  transcribe: '/transcribe',
  synthesize: '/api/v1/tts/synthesize',
  voices: '/api/v1/tts/voices',
  ttsStatus: '/api/v1/tts/status',
  status: '/status',
} as const;

/** The multipart form of `POST /transcribe`. */
export type VoiceServiceTranscribeForm = { audio: Blob };

export const VoiceServiceTranscriptionSchema = z.object({ text: z.string() });
export type VoiceServiceTranscription = z.infer<typeof VoiceServiceTranscriptionSchema>;

/** What Voice-Service answers on failure, as far as it is known: an `error` or FastAPI's `detail`. */
export const VoiceServiceErrorBodySchema = z.object({
  error: z.string().optional(),
  detail: z.unknown().optional(),
});
export type VoiceServiceErrorBody = z.infer<typeof VoiceServiceErrorBodySchema>;

/** `POST /api/v1/tts/synthesize`: the gateway relays the client's body unchanged; answered with audio bytes. */
export const VoiceServiceSynthesizeRequestSchema = TtsBodySchema;
export type VoiceServiceSynthesizeRequest = z.infer<typeof VoiceServiceSynthesizeRequestSchema>;

/** `GET /api/v1/tts/voices`, `GET /api/v1/tts/status`, `GET /status`: JSON objects relayed as they came. */
export const VoiceServiceJsonSchema = PassthroughObjectSchema;
export type VoiceServiceJson = z.infer<typeof VoiceServiceJsonSchema>;
