import type { TtsBody } from '@cyrene/contracts';
import {
  OPENAI_PATHS,
  type OpenAiSpeechRequest,
  OpenAiSpeechRequestSchema,
  OpenAiTranscriptionFieldsSchema,
  OpenAiTranscriptionSchema,
} from '@cyrene/contracts/upstream';
import type { ResolvedModel } from '../upstreams/model-routing';
import {
  type AudioReply,
  fetchFailureReason,
  readCapped,
  reasonFromBody,
  relayBody,
  StallGuard,
  UpstreamHttpError,
} from '../upstreams/voice-client';

/** A recording held once in memory (at most MAX_AUDIO_BYTES), so a fallback chain can send it again. */
export interface BufferedAudio {
  blob: Blob;
  filename: string;
  contentType: string;
}

/** A provider that could not be reached, stalled, or answered something unreadable. */
export class ProviderUnreachableError extends Error {
  override name = 'ProviderUnreachableError';
}

type SpeechFormat = NonNullable<OpenAiSpeechRequest['response_format']>;
const SPEECH_FORMATS: Record<string, SpeechFormat> = {
  mp3: 'mp3',
  opus: 'opus',
  ogg: 'opus',
  aac: 'aac',
  flac: 'flac',
  wav: 'wav',
  pcm: 'pcm',
};
const SPEECH_TYPES: Record<SpeechFormat, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};
const DEFAULT_VOICE = 'alloy';

/**
 * Speech through an admin's OpenAI-compatible provider (`/audio/transcriptions`,
 * `/audio/speech`), used when a routing rule for purpose stt or tts names one. The provider may be
 * a local server, so private addresses are fine; redirects are refused, so the key goes nowhere
 * but the provider's own URL. (guardedFetch cannot stream a body either way, hence plain fetch.)
 */
export class OpenAiAudio {
  constructor(private readonly timeoutMs: number) {}

  async transcribe(model: ResolvedModel, audio: BufferedAudio): Promise<string> {
    const form = new FormData();
    const fields = OpenAiTranscriptionFieldsSchema.omit({ model: true }).partial().safeParse(model.params);
    for (const [name, value] of Object.entries(fields.success ? fields.data : {})) {
      if (value !== undefined) form.append(name, String(value));
    }
    form.set('model', model.modelName);
    form.set('response_format', 'json');
    form.set('file', audio.blob, audio.filename);
    const guard = new StallGuard(this.timeoutMs);
    try {
      const res = await this.send(model, OPENAI_PATHS.transcriptions, { method: 'POST', body: form }, guard);
      const text = await this.read(res, guard);
      if (!res.ok)
        throw new UpstreamHttpError(res.status, redact(reasonFromBody(text), model.provider.apiKey));
      const answer = OpenAiTranscriptionSchema.safeParse(parseJson(text));
      if (!answer.success) throw new ProviderUnreachableError('返回的识别结果无法识别');
      return answer.data.text;
    } finally {
      guard.done();
    }
  }

  async speech(model: ResolvedModel, body: TtsBody): Promise<AudioReply> {
    const format = body.format === undefined ? undefined : SPEECH_FORMATS[body.format.toLowerCase()];
    const configuredVoice = typeof model.params.voice === 'string' ? model.params.voice : undefined;
    const request = OpenAiSpeechRequestSchema.safeParse({
      model: model.modelName,
      input: body.text,
      voice: body.voice ?? configuredVoice ?? DEFAULT_VOICE,
      ...(format ? { response_format: format } : {}),
      ...(body.speed === undefined ? {} : { speed: body.speed }),
      ...(typeof model.params.instructions === 'string' ? { instructions: model.params.instructions } : {}),
    });
    if (!request.success) throw new UpstreamHttpError(400, request.error.issues[0]?.message ?? '参数无效');
    const guard = new StallGuard(this.timeoutMs);
    const res = await this.send(
      model,
      OPENAI_PATHS.speech,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.data) },
      guard,
    );
    if (!res.ok) {
      const reason = reasonFromBody(await this.read(res, guard).catch(() => ''));
      guard.done();
      throw new UpstreamHttpError(res.status, redact(reason, model.provider.apiKey));
    }
    const contentType = res.headers.get('content-type') ?? SPEECH_TYPES[format ?? 'mp3'];
    return { contentType, body: relayBody(res, guard) };
  }

  private async send(
    model: ResolvedModel,
    path: string,
    init: RequestInit,
    guard: StallGuard,
  ): Promise<Response> {
    const { baseUrl, apiKey } = model.provider;
    const headers = new Headers(init.headers);
    if (apiKey) headers.set('authorization', `Bearer ${apiKey}`);
    try {
      const res = await fetch(`${baseUrl}${path}`, {
        ...init,
        headers,
        signal: guard.signal,
        redirect: 'error',
      });
      guard.touch();
      return res;
    } catch (e) {
      throw new ProviderUnreachableError(redact(fetchFailureReason(e, guard), apiKey));
    }
  }

  private async read(res: Response, guard: StallGuard): Promise<string> {
    try {
      return await readCapped(res, guard);
    } catch (e) {
      throw new ProviderUnreachableError(fetchFailureReason(e, guard));
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderUnreachableError('返回的不是有效的 JSON');
  }
}

/** A provider's error text must never carry its key back to a client. */
function redact(text: string, apiKey: string | undefined): string {
  return apiKey ? text.split(apiKey).join('[redacted]') : text;
}
