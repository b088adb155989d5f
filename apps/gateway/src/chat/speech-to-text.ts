import { ApiError } from '../http/api-error';
import { UpstreamHttpError, type VoiceServiceClient } from '../upstreams/voice-client';

/** Turns a recording into text. */
export interface SpeechToText {
  transcribe(audio: Buffer, signal?: AbortSignal): Promise<string>;
}

/**
 * Voice-Service `POST /transcribe` for voice_input frames. Unreachable (or not configured) stays
 * `voice_service_unreachable` ("Voice-Service 不可达: …"); a refusal is "语音识别失败: …".
 */
export class VoiceServiceSpeechToText implements SpeechToText {
  constructor(private readonly voice: VoiceServiceClient) {}

  async transcribe(audio: Buffer, signal?: AbortSignal): Promise<string> {
    try {
      return await this.voice.transcribe(
        { filename: 'voice_input', contentType: 'application/octet-stream', chunks: once(audio) },
        signal,
      );
    } catch (e) {
      if (e instanceof UpstreamHttpError) {
        throw new ApiError(
          e.status >= 500 ? 'upstream_error' : 'validation_failed',
          `语音识别失败: ${e.message}`,
        );
      }
      throw e;
    }
  }
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
