import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';

/** One recording the fake received in full. */
export interface ReceivedAudio {
  path: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  /** Other form fields (OpenAI's `model`, …). */
  fields: Record<string, string>;
  authorization: string | undefined;
}

export interface FakeVoiceState {
  /** Answer nothing at all (a service that hangs). */
  hang: boolean;
  /** How POST /transcribe (or /audio/transcriptions) answers. */
  transcribe: 'ok' | 'reject' | 'fail';
  /** How synthesis answers. */
  synthesize: 'ok' | 'reject' | 'fail';
  /** When set, synthesis sends its first chunk, then waits for this before the rest. */
  ttsGate: Promise<void> | undefined;
  received: ReceivedAudio[];
  /** Uploads that broke off before the form ended. */
  brokenUploads: number;
  speechBodies: { path: string; body: unknown; authorization: string | undefined }[];
}

export const TTS_FIRST_CHUNK = Buffer.from('ID3\u0004first-chunk-of-audio');
export const TTS_SECOND_CHUNK = Buffer.from('second-chunk-of-audio');

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function receiveAudio(
  req: IncomingMessage,
  state: FakeVoiceState,
  res: ServerResponse,
  fileField: string,
): void {
  const parser = busboy({ headers: req.headers });
  const fields: Record<string, string> = {};
  let audio: Omit<ReceivedAudio, 'fields'> | undefined;
  parser.on('field', (name, value) => {
    fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      if (name !== fileField) return;
      audio = {
        path: req.url ?? '',
        filename: info.filename ?? '',
        contentType: info.mimeType,
        bytes: Buffer.concat(chunks),
        authorization: req.headers.authorization,
      };
    });
  });
  parser.on('close', () => {
    if (!audio) return json(res, 400, { detail: 'no audio' });
    state.received.push({ ...audio, fields });
    if (state.transcribe === 'reject') return json(res, 400, { detail: '无法解码音频' });
    if (state.transcribe === 'fail') return json(res, 500, { error: 'model crashed' });
    json(res, 200, { text: `听到 ${audio.bytes.length} 字节 (${audio.filename}, ${audio.contentType})` });
  });
  parser.on('error', () => {
    state.brokenUploads += 1;
  });
  req.on('aborted', () => {
    state.brokenUploads += 1;
  });
  req.pipe(parser);
}

async function speak(req: IncomingMessage, state: FakeVoiceState, res: ServerResponse): Promise<void> {
  const text = await readAll(req);
  state.speechBodies.push({
    path: req.url ?? '',
    body: JSON.parse(text),
    authorization: req.headers.authorization,
  });
  if (state.synthesize === 'reject') return json(res, 422, { detail: '不支持的发音人' });
  if (state.synthesize === 'fail') return json(res, 503, { error: 'tts engine down' });
  res.writeHead(200, { 'content-type': 'audio/mpeg' });
  res.write(TTS_FIRST_CHUNK);
  await state.ttsGate;
  res.end(TTS_SECOND_CHUNK);
}

export const VOICES = { voices: [{ id: 'zh-female-1', name: '晓晓' }], default: 'zh-female-1' };
export const TTS_STATUS = { engine: 'edge-tts', ready: true };
export const VOICE_STATUS = { stt: { ready: true, model: 'paraformer' }, tts: TTS_STATUS };

/**
 * A Voice-Service (and an OpenAI-compatible speech provider) on a real loopback socket: the
 * Voice-Service paths of docs/api-sections.md plus `/audio/transcriptions` and `/audio/speech`.
 */
export async function startFakeVoiceService() {
  const state: FakeVoiceState = {
    hang: false,
    transcribe: 'ok',
    synthesize: 'ok',
    ttsGate: undefined,
    received: [],
    brokenUploads: 0,
    speechBodies: [],
  };
  const server = createServer((req, res) => {
    if (state.hang) {
      req.resume();
      return;
    }
    const path = req.url ?? '';
    if (req.method === 'POST' && path.endsWith('/transcribe')) return receiveAudio(req, state, res, 'audio');
    if (req.method === 'POST' && path.endsWith('/audio/transcriptions'))
      return receiveAudio(req, state, res, 'file');
    if (
      req.method === 'POST' &&
      (path.endsWith('/api/v1/tts/synthesize') || path.endsWith('/audio/speech'))
    ) {
      speak(req, state, res).catch(() => res.destroy());
      return;
    }
    if (req.method === 'GET' && path === '/api/v1/tts/voices') return json(res, 200, VOICES);
    if (req.method === 'GET' && path === '/api/v1/tts/status') return json(res, 200, TTS_STATUS);
    if (req.method === 'GET' && path === '/status') return json(res, 200, VOICE_STATUS);
    json(res, 404, { detail: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    reset(): void {
      Object.assign(state, { hang: false, transcribe: 'ok', synthesize: 'ok', ttsGate: undefined });
      state.received.length = 0;
      state.speechBodies.length = 0;
      state.brokenUploads = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeVoiceService = Awaited<ReturnType<typeof startFakeVoiceService>>;

/** A small valid WAV file: 16-bit mono PCM at 16 kHz, `samples` samples of a quiet ramp. */
export function wavFile(samples = 800): Buffer {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE((i % 200) * 50, i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(32_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A URL where nothing listens: a port that was just freed. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
