import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { TtsBody } from '@cyrene/contracts';
import {
  VOICE_SERVICE_PATHS,
  type VoiceServiceJson,
  VoiceServiceTranscriptionSchema,
} from '@cyrene/contracts/upstream';
import { ApiError } from '../http/api-error';

/** A recording on its way through: its bytes arrive while the client is still uploading. */
export interface AudioUpload {
  filename: string;
  contentType: string;
  chunks: AsyncIterable<Uint8Array>;
}

/** Audio coming back from a synthesizer, streamed as it arrives. */
export interface AudioReply {
  contentType: string;
  body: Readable;
}

/** A non-2xx answer of an upstream, with a short reason read from its body. */
export class UpstreamHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason === '' ? `HTTP ${status}` : `HTTP ${status}: ${reason}`);
    this.name = 'UpstreamHttpError';
  }
}

/** Largest JSON answer (status, voices, transcription) read from an upstream. */
const MAX_JSON_BYTES = 1024 * 1024;
const REASON_CHARS = 300;

/**
 * Aborts an upstream exchange that makes no progress for `ms`: every chunk sent, the response
 * headers and every chunk received count as progress. A whole-request timeout would cut a long
 * upload or a long synthesis that is going fine; this only ends one that stalled. While the
 * gateway waits on its own client (a slow upload, a slow reader) the clock is paused: that is
 * not the upstream's fault.
 */
export class StallGuard {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  stalled = false;

  constructor(
    readonly ms: number,
    parent?: AbortSignal,
  ) {
    this.touch();
    if (parent?.aborted) this.controller.abort(parent.reason);
    parent?.addEventListener('abort', () => this.abort(parent.reason), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stalled = true;
      this.controller.abort(new Error(`no progress for ${this.ms} ms`));
    }, this.ms);
    this.timer.unref();
  }

  /** Stops counting until the next `touch`. */
  pause(): void {
    clearTimeout(this.timer);
  }

  abort(reason?: unknown): void {
    clearTimeout(this.timer);
    this.controller.abort(reason);
  }

  done(): void {
    clearTimeout(this.timer);
  }
}

/** What a failed fetch says, without undici's generic "fetch failed". */
export function fetchFailureReason(e: unknown, guard: StallGuard): string {
  if (guard.stalled) return `请求超时 (${guard.ms} ms 无响应)`;
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : undefined;
  if (cause) return cause.message;
  return e instanceof Error ? e.message : String(e);
}

/** Reads a response body with progress counted and a size cap. */
export async function readCapped(
  res: Response,
  guard: StallGuard,
  maxBytes = MAX_JSON_BYTES,
): Promise<string> {
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    guard.touch();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`响应过大 (超过 ${maxBytes} 字节)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short reason from an error body: `error`, FastAPI's `detail`, OpenAI's `error.message`, or the text. */
export function reasonFromBody(text: string): string {
  let reason = text.trim();
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body)) {
      const { error, detail, message } = body;
      if (isRecord(error) && typeof error.message === 'string') reason = error.message;
      else if (typeof error === 'string') reason = error;
      else if (typeof detail === 'string') reason = detail;
      else if (detail !== undefined) reason = JSON.stringify(detail);
      else if (typeof message === 'string') reason = message;
    }
  } catch {
    // not JSON: the text is the reason
  }
  return reason.length > REASON_CHARS ? `${reason.slice(0, REASON_CHARS)}…` : reason;
}

/**
 * A response body as a Node stream, counting progress and ending the upstream call when the
 * reader goes away (the client disconnected) or the upstream stalls.
 */
export function relayBody(res: Response, guard: StallGuard): Readable {
  const reader = res.body?.getReader();
  return new Readable({
    async read() {
      try {
        guard.touch();
        const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
        guard.pause();
        if (chunk.done) {
          this.push(null);
          return;
        }
        this.push(Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength));
      } catch (e) {
        this.destroy(e instanceof Error ? e : new Error(String(e)));
      }
    },
    destroy(err, callback) {
      guard.abort(err ?? undefined);
      reader?.cancel().catch(() => undefined);
      callback(err);
    },
  });
}

/** A byte source as a web stream (what fetch sends), each chunk counted as progress. */
export function uploadStream(
  chunks: AsyncIterable<Uint8Array>,
  guard: StallGuard,
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      guard.pause();
      const { done, value } = await iterator.next();
      guard.touch();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

/** One file field as multipart/form-data: the part's head, the bytes, the closing boundary. */
async function* multipartBody(
  boundary: string,
  field: string,
  audio: AudioUpload,
): AsyncGenerator<Uint8Array> {
  const filename = audio.filename.replace(/["\r\n\\]/g, '_');
  yield Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      `Content-Type: ${audio.contentType}\r\n\r\n`,
  );
  yield* audio.chunks;
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

type StreamingInit = RequestInit & { duplex?: 'half' };

/**
 * The Voice-Service (VOICE_SERVICE_URL): transcription streamed through as the client uploads,
 * synthesis streamed back as it is produced, and the JSON status routes. Connection failures,
 * stalls and an unset URL are `voice_service_unreachable`; a non-2xx answer is UpstreamHttpError.
 */
export class VoiceServiceClient {
  constructor(
    private readonly baseUrl: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  get configured(): boolean {
    return this.baseUrl !== undefined;
  }

  /** `POST /transcribe` with the recording in the multipart field `audio`; `signal` ends the upload early. */
  async transcribe(audio: AudioUpload, signal?: AbortSignal): Promise<string> {
    const boundary = `----cyrene-${randomBytes(12).toString('hex')}`;
    const guard = new StallGuard(this.timeoutMs, signal);
    try {
      const res = await this.send(
        VOICE_SERVICE_PATHS.transcribe,
        {
          method: 'POST',
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            accept: 'application/json',
          },
          body: uploadStream(multipartBody(boundary, 'audio', audio), guard),
          duplex: 'half',
        },
        guard,
      );
      const answer = VoiceServiceTranscriptionSchema.safeParse(parseJson(await this.read(res, guard)));
      if (!answer.success) throw new ApiError('upstream_error', 'Voice-Service 返回的识别结果无法识别');
      return answer.data.text;
    } finally {
      guard.done();
    }
  }

  /** `POST /api/v1/tts/synthesize`: the audio as a stream, with the service's content type. */
  async synthesize(body: TtsBody): Promise<AudioReply> {
    const guard = new StallGuard(this.timeoutMs);
    const res = await this.send(
      VOICE_SERVICE_PATHS.synthesize,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      guard,
    );
    if (!res.ok) {
      const reason = reasonFromBody(await readCapped(res, guard).catch(() => ''));
      guard.done();
      throw new UpstreamHttpError(res.status, reason);
    }
    return { contentType: res.headers.get('content-type') ?? 'audio/mpeg', body: relayBody(res, guard) };
  }

  /** A JSON route (`/api/v1/tts/voices`, `/api/v1/tts/status`, `/status`), relayed as it came. */
  async getJson(path: string): Promise<VoiceServiceJson> {
    const guard = new StallGuard(this.timeoutMs);
    try {
      const res = await this.send(path, { headers: { accept: 'application/json' } }, guard);
      const parsed = parseJson(await this.read(res, guard));
      if (!isRecord(parsed)) throw new ApiError('upstream_error', 'Voice-Service 返回的不是 JSON 对象');
      return parsed;
    } finally {
      guard.done();
    }
  }

  private async send(path: string, init: StreamingInit, guard: StallGuard): Promise<Response> {
    if (!this.baseUrl) {
      throw new ApiError(
        'voice_service_unreachable',
        'Voice-Service 不可达: VOICE_SERVICE_URL 未配置',
        '在 .env 中设置 VOICE_SERVICE_URL,或在 /admin/models/routing/stt 与 /tts 配置语音模型',
      );
    }
    try {
      const res = await fetch(`${this.baseUrl}${path}`, { ...init, signal: guard.signal, redirect: 'error' });
      guard.touch();
      return res;
    } catch (e) {
      throw this.unreachable(e, guard);
    }
  }

  /** The body of a 2xx answer; a non-2xx one becomes UpstreamHttpError. */
  private async read(res: Response, guard: StallGuard): Promise<string> {
    let text: string;
    try {
      text = await readCapped(res, guard);
    } catch (e) {
      throw this.unreachable(e, guard);
    }
    if (!res.ok) throw new UpstreamHttpError(res.status, reasonFromBody(text));
    return text;
  }

  /** A caller's own abort passes through unchanged; anything else means the service is out of reach. */
  private unreachable(e: unknown, guard: StallGuard): unknown {
    if (guard.signal.aborted && !guard.stalled) return guard.signal.reason ?? e;
    return new ApiError('voice_service_unreachable', `Voice-Service 不可达: ${fetchFailureReason(e, guard)}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('upstream_error', 'Voice-Service 返回的不是有效的 JSON');
  }
}
