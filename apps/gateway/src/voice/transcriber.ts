import type { IncomingMessage } from 'node:http';
import { MAX_AUDIO_BYTES, type Transcription, type TranscriptionFailure } from '@cyrene/contracts';
import { ApiError } from '../http/api-error';
import type { Logger } from '../logging/logger';
import type { ModelRouting, ResolvedRoute } from '../upstreams/model-routing';
import { type AudioUpload, UpstreamHttpError, type VoiceServiceClient } from '../upstreams/voice-client';
import { type AudioField, AudioForm, AudioFormError } from './audio-form';
import { SNIFF_BYTES, sniffAudio } from './audio-format';
import type { BufferedAudio, OpenAiAudio } from './openai-audio';
import {
  chainExhausted,
  fromVoiceServiceHttp,
  type ModelFailure,
  modelFailed,
  STT_FAILED,
  usesProviders,
} from './speech-routing';

export type TranscribeOutcome =
  | { status: 200; body: Transcription }
  | { status: 400 | 413; body: TranscriptionFailure };

class AudioTooLargeError extends Error {
  override name = 'AudioTooLargeError';
}

const failure = (
  status: 400 | 413,
  reason: string,
  errorType?: TranscriptionFailure['errorType'],
): TranscribeOutcome => ({
  status,
  body: { success: false, error: `${STT_FAILED}: ${reason}`, ...(errorType ? { errorType } : {}) },
});

/** §5 speech to text: the Voice-Service, or the providers of an stt routing rule. */
export class Transcriber {
  constructor(
    private readonly voice: VoiceServiceClient,
    private readonly providers: OpenAiAudio,
    private readonly routing: ModelRouting,
    private readonly log: Logger,
  ) {}

  /**
   * Reads the multipart `audio` field as it is uploaded. Without a routing rule it streams
   * straight through to the Voice-Service (never held whole); with one it is held once in memory
   * (at most 10 MB) so the fallback chain can send it again.
   */
  async transcribeUpload(req: IncomingMessage): Promise<TranscribeOutcome> {
    let form: AudioForm;
    let field: AudioField | undefined;
    try {
      form = new AudioForm(req, MAX_AUDIO_BYTES);
      field = await form.audio;
    } catch (e) {
      if (e instanceof AudioFormError) return failure(400, e.message);
      throw e;
    }
    if (!field) {
      await form.finished;
      return failure(400, '缺少音频文件 (multipart 字段 audio)');
    }
    try {
      const outcome = await this.transcribeField(field);
      if (outcome.status !== 200) await drain(form, field);
      return outcome;
    } catch (e) {
      await drain(form, field);
      if (field.tooLarge) return failure(413, '音频文件超过大小限制 (最大 10MB)', 'file_too_large');
      if (form.error) return failure(400, form.error.message);
      if (e instanceof UpstreamHttpError && e.status < 500)
        return failure(400, e.reason || `HTTP ${e.status}`);
      throw fromVoiceServiceHttp(STT_FAILED, e);
    }
  }

  /** Text for a recording already in memory (e.g. the WebSocket's base64 `voice_input`). */
  async transcribeBytes(bytes: Uint8Array<ArrayBuffer>, declaredType = ''): Promise<string> {
    if (bytes.length === 0) throw new ApiError('validation_failed', `${STT_FAILED}: 音频为空`);
    if (bytes.length > MAX_AUDIO_BYTES) {
      throw new ApiError('file_too_large', `${STT_FAILED}: 音频超过大小限制 (最大 10MB)`);
    }
    const format = await sniffAudio(bytes.subarray(0, SNIFF_BYTES), declaredType);
    if (!format.ok) throw new ApiError('unsupported_type', `${STT_FAILED}: 不支持的音频格式: ${format.mime}`);
    const blob = new Blob([bytes], { type: format.mime });
    try {
      const audio = { blob, filename: `audio.${format.ext}`, contentType: format.mime };
      return await this.transcribeBuffered(await this.routing.resolve('stt'), audio);
    } catch (e) {
      if (e instanceof UpstreamHttpError && e.status < 500) {
        throw new ApiError('validation_failed', `${STT_FAILED}: ${e.reason || `HTTP ${e.status}`}`);
      }
      throw fromVoiceServiceHttp(STT_FAILED, e);
    }
  }

  private async transcribeField(field: AudioField): Promise<TranscribeOutcome> {
    const route = await this.routing.resolve('stt');
    const head = await readHead(field);
    if (head.length === 0) return failure(400, '音频文件为空');
    const format = await sniffAudio(head.subarray(0, SNIFF_BYTES), field.declaredType);
    if (!format.ok) return failure(400, `不支持的音频格式: ${format.mime}`, 'unsupported_type');
    const filename = `audio.${format.ext}`;
    if (usesProviders(route)) {
      const parts: Buffer<ArrayBuffer>[] = [];
      for await (const chunk of uploadChunks(head, field)) parts.push(chunk);
      const audio = { blob: new Blob(parts, { type: format.mime }), filename, contentType: format.mime };
      return { status: 200, body: { success: true, text: await this.transcribeBuffered(route, audio) } };
    }
    const upload: AudioUpload = { filename, contentType: format.mime, chunks: uploadChunks(head, field) };
    // Over the limit: the upstream upload stops at once, without its closing boundary.
    const stop = new AbortController();
    field.onTooLarge(() => stop.abort(new AudioTooLargeError()));
    return { status: 200, body: { success: true, text: await this.voice.transcribe(upload, stop.signal) } };
  }

  private async transcribeBuffered(route: ResolvedRoute | undefined, audio: BufferedAudio): Promise<string> {
    const viaVoiceService = () =>
      this.voice.transcribe({
        filename: audio.filename,
        contentType: audio.contentType,
        chunks: blobChunks(audio.blob),
      });
    if (!usesProviders(route)) return viaVoiceService();
    const failures: ModelFailure[] = [];
    for (const model of route.chain) {
      try {
        return await this.providers.transcribe(model, audio);
      } catch (e) {
        failures.push(modelFailed(this.log, 'stt', model, e));
      }
    }
    if (!route.required && this.voice.configured) return viaVoiceService();
    throw chainExhausted(STT_FAILED, failures);
  }
}

/** The first SNIFF_BYTES (or more, a whole chunk) of the upload; fewer only when the file is shorter. */
async function readHead(field: AudioField): Promise<Buffer<ArrayBuffer>> {
  const parts: Buffer<ArrayBuffer>[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const chunk = await field.reader.next();
    if (chunk === null) break;
    parts.push(chunk);
    length += chunk.length;
  }
  return Buffer.concat(parts);
}

/** The upload's bytes: the head already read, then the rest as it arrives; a cut file fails. */
async function* uploadChunks(
  head: Buffer<ArrayBuffer>,
  field: AudioField,
): AsyncGenerator<Buffer<ArrayBuffer>> {
  yield head;
  for (let chunk = await field.reader.next(); chunk !== null; chunk = await field.reader.next()) yield chunk;
  if (field.tooLarge) throw new AudioTooLargeError();
}

async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) yield chunk.value;
}

/** Reads and drops what is left of the request, so the client gets the answer cleanly. */
async function drain(form: AudioForm, field: AudioField): Promise<void> {
  field.reader.discard();
  await form.finished;
}
