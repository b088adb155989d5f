import type { IncomingMessage } from 'node:http';
import type { TtsBody } from '@cyrene/contracts';
import { VOICE_SERVICE_PATHS, type VoiceServiceJson } from '@cyrene/contracts/upstream';
import type { Logger } from '../logging/logger';
import type { ModelRouting } from '../upstreams/model-routing';
import type { AudioReply, VoiceServiceClient } from '../upstreams/voice-client';
import type { OpenAiAudio } from './openai-audio';
import {
  chainExhausted,
  fromVoiceServiceHttp,
  type ModelFailure,
  modelFailed,
  TTS_FAILED,
  usesProviders,
} from './speech-routing';
import { type TranscribeOutcome, Transcriber } from './transcriber';

export type { TranscribeOutcome };

/**
 * §5 speech: transcription and synthesis through the Voice-Service, or through an admin's
 * OpenAI-compatible provider where a routing rule for purpose stt / tts names one (walked in
 * order; with `required: false` the Voice-Service is tried last). The status routes are the
 * Voice-Service's own.
 */
export class VoiceService {
  private readonly transcriber: Transcriber;

  constructor(
    private readonly voice: VoiceServiceClient,
    private readonly providers: OpenAiAudio,
    private readonly routing: ModelRouting,
    private readonly log: Logger,
  ) {
    this.transcriber = new Transcriber(voice, providers, routing, log);
  }

  /** The multipart upload of POST /voice/transcribe, streamed as it arrives. */
  transcribeUpload(req: IncomingMessage): Promise<TranscribeOutcome> {
    return this.transcriber.transcribeUpload(req);
  }

  /** Text for a recording already in memory (e.g. the WebSocket's base64 `voice_input`). */
  transcribeBytes(bytes: Uint8Array<ArrayBuffer>, declaredType?: string): Promise<string> {
    return this.transcriber.transcribeBytes(bytes, declaredType);
  }

  /** The audio for `body`, streamed; errors before the first byte are the spec's bodies. */
  async synthesize(body: TtsBody): Promise<AudioReply> {
    const route = await this.routing.resolve('tts');
    if (usesProviders(route)) {
      const failures: ModelFailure[] = [];
      for (const model of route.chain) {
        try {
          return await this.providers.speech(model, body);
        } catch (e) {
          failures.push(modelFailed(this.log, 'tts', model, e));
        }
      }
      if (route.required || !this.voice.configured) throw chainExhausted(TTS_FAILED, failures);
    }
    try {
      return await this.voice.synthesize(body);
    } catch (e) {
      throw fromVoiceServiceHttp(TTS_FAILED, e);
    }
  }

  listVoices(): Promise<VoiceServiceJson> {
    return this.relayJson(VOICE_SERVICE_PATHS.voices);
  }

  ttsStatus(): Promise<VoiceServiceJson> {
    return this.relayJson(VOICE_SERVICE_PATHS.ttsStatus);
  }

  status(): Promise<VoiceServiceJson> {
    return this.relayJson(VOICE_SERVICE_PATHS.status);
  }

  private async relayJson(path: string): Promise<VoiceServiceJson> {
    try {
      return await this.voice.getJson(path);
    } catch (e) {
      throw fromVoiceServiceHttp('Voice-Service 请求失败', e);
    }
  }
}
