import { MAX_AUDIO_BYTES } from '@cyrene/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser } from '../testing/users';
import {
  closedPortUrl,
  type FakeVoiceService,
  startFakeVoiceService,
  TTS_FIRST_CHUNK,
  TTS_SECOND_CHUNK,
  TTS_STATUS,
  VOICE_STATUS,
  VOICES,
  wavFile,
} from './testing/fake-voice-service';

/** The stall timeout: generous for a busy machine, short enough for the hanging-service test. */
const TIMEOUT_MS = 1_500;

interface Upload {
  bytes: Uint8Array;
  name?: string;
  type?: string;
  field?: string;
}

async function transcribe(gw: TestGateway, token: string | undefined, file?: Upload) {
  const form = new FormData();
  form.set('note', 'ignored text field');
  if (file) {
    form.set(
      file.field ?? 'audio',
      new Blob([new Uint8Array(file.bytes)], { type: file.type ?? '' }),
      file.name ?? 'clip',
    );
  }
  const res = await fetch(`${gw.url}/api/v1/voice/transcribe`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('§5 voice, through the Voice-Service', () => {
  let fake: FakeVoiceService;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeVoiceService();
    gw = await startTestGateway({
      env: { VOICE_SERVICE_URL: fake.url, VOICE_TIMEOUT_MS: String(TIMEOUT_MS) },
    });
    token = (await registerTestUser(gw, 'alice')).token;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  describe('POST /voice/transcribe', () => {
    it('streams a WAV through as multipart field audio and answers the text', async () => {
      const wav = wavFile();
      const res = await transcribe(gw, token, {
        bytes: wav,
        name: '录音.wav',
        type: 'application/octet-stream',
      });
      expect(res).toEqual({
        status: 200,
        body: { success: true, text: `听到 ${wav.length} 字节 (audio.wav, audio/wav)` },
      });
      expect(fake.state.received).toHaveLength(1);
      expect(fake.state.received[0]?.path).toBe('/transcribe');
      expect(fake.state.received[0]?.bytes.equals(wav)).toBe(true);
    });

    it('takes headerless PCM, keeping a declared audio type as a hint', async () => {
      const pcm = wavFile().subarray(44);
      const res = await transcribe(gw, token, { bytes: pcm, type: 'audio/L16' });
      expect(res.body).toEqual({ success: true, text: `听到 ${pcm.length} 字节 (audio.pcm, audio/l16)` });
    });

    it.each([
      [
        'a PNG',
        Buffer.from(
          '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154',
          'hex',
        ),
        'image/png',
      ],
      ['text', Buffer.from('这不是音频 just some words\n'), 'text/plain'],
    ])('refuses %s by its content, whatever the client declared (400)', async (_what, bytes, mime) => {
      const res = await transcribe(gw, token, { bytes, type: 'audio/wav', name: 'x.wav' });
      expect(res).toEqual({
        status: 400,
        body: {
          success: false,
          error: `语音识别失败: 不支持的音频格式: ${mime}`,
          errorType: 'unsupported_type',
        },
      });
      expect(fake.state.received).toHaveLength(0);
    });

    it('answers 400 for a missing field, an empty file and a body that is not multipart', async () => {
      expect(await transcribe(gw, token)).toEqual({
        status: 400,
        body: { success: false, error: '语音识别失败: 缺少音频文件 (multipart 字段 audio)' },
      });
      expect(await transcribe(gw, token, { bytes: new Uint8Array(0) })).toEqual({
        status: 400,
        body: { success: false, error: '语音识别失败: 音频文件为空' },
      });
      const json = await call(gw.url, 'POST', '/api/v1/voice/transcribe', { token, body: { audio: 'x' } });
      expect({ status: json.status, body: json.body }).toEqual({
        status: 400,
        body: { success: false, error: '语音识别失败: 请求必须是 multipart/form-data,音频放在 audio 字段' },
      });
    });

    it('answers 400 for a form cut short inside a part other than audio, and keeps serving', async () => {
      const cut = await call(gw.url, 'POST', '/api/v1/voice/transcribe', {
        token,
        rawBody: '--b\r\ncontent-disposition: form-data; name="other"; filename="x.bin"\r\n\r\nno end',
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
      });
      expect({ status: cut.status, body: cut.body }).toEqual({
        status: 400,
        body: { success: false, error: '语音识别失败: 表单数据格式无效或不完整' },
      });
      expect((await call(gw.url, 'GET', '/api/v1/health')).status).toBe(200);
    });

    it('accepts exactly 10 MB, and answers 413 for 10 MB + 1 byte without completing the upload upstream', async () => {
      const ok = await transcribe(gw, token, { bytes: new Uint8Array(MAX_AUDIO_BYTES) });
      expect(ok).toEqual({
        status: 200,
        body: { success: true, text: `听到 ${MAX_AUDIO_BYTES} 字节 (audio.pcm, audio/pcm)` },
      });
      fake.reset();
      const tooBig = await transcribe(gw, token, { bytes: new Uint8Array(MAX_AUDIO_BYTES + 1) });
      expect(tooBig).toEqual({
        status: 413,
        body: {
          success: false,
          error: '语音识别失败: 音频文件超过大小限制 (最大 10MB)',
          errorType: 'file_too_large',
        },
      });
      expect(fake.state.received).toHaveLength(0);
      // The upload was already on its way to the service (streamed, not held) when it was cut.
      await vi.waitFor(() => expect(fake.state.brokenUploads).toBeGreaterThan(0));
      // The gateway still answers normally afterwards.
      expect((await transcribe(gw, token, { bytes: wavFile() })).status).toBe(200);
    });

    it("relays the service's refusal as 400 and its failure as 502", async () => {
      fake.state.transcribe = 'reject';
      expect(await transcribe(gw, token, { bytes: wavFile() })).toEqual({
        status: 400,
        body: { success: false, error: '语音识别失败: 无法解码音频' },
      });
      fake.state.transcribe = 'fail';
      expect(await transcribe(gw, token, { bytes: wavFile() })).toEqual({
        status: 502,
        body: {
          error: '语音识别失败: Voice-Service 返回 HTTP 500: model crashed',
          errorType: 'upstream_error',
        },
      });
    });

    it('needs a signed-in user (401)', async () => {
      const res = await transcribe(gw, undefined, { bytes: wavFile() });
      expect(res).toEqual({ status: 401, body: { error: '未提供认证令牌', errorType: 'unauthorized' } });
    });
  });

  describe('POST /voice/tts', () => {
    it('streams the audio to the client as it arrives, with the service content type', async () => {
      let release: () => void = () => undefined;
      fake.state.ttsGate = new Promise((resolve) => {
        release = resolve;
      });
      const res = await fetch(`${gw.url}/api/v1/voice/tts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: ' 你好 ', voice: 'zh-female-1', speed: 1.2, emotion: 'happy' }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/mpeg');
      const reader = res.body?.getReader();
      if (!reader) throw new Error('no body');
      // The service holds back the rest until released: the first chunk can only arrive now if
      // the gateway streams (a buffering gateway never answers, and the test times out).
      const first = await reader.read();
      expect(Buffer.from(first.value ?? []).equals(TTS_FIRST_CHUNK)).toBe(true);
      release();
      const rest: Buffer[] = [];
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
        rest.push(Buffer.from(chunk.value));
      expect(Buffer.concat(rest).equals(TTS_SECOND_CHUNK)).toBe(true);
      expect(fake.state.speechBodies).toEqual([
        {
          path: '/api/v1/tts/synthesize',
          body: { text: '你好', voice: 'zh-female-1', speed: 1.2, emotion: 'happy' },
          authorization: undefined,
        },
      ]);
    });

    it('answers 400 for empty text, for a refusal by the service, and 502 for its failure', async () => {
      const post = (body: unknown) => call(gw.url, 'POST', '/api/v1/voice/tts', { token, body });
      expect((await post({ text: '  ' })).body).toMatchObject({
        error: '文本不能为空',
        errorType: 'validation_failed',
      });
      fake.state.synthesize = 'reject';
      const refused = await post({ text: '你好', voice: 'nobody' });
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 400,
        body: { error: '语音合成失败: 不支持的发音人', errorType: 'validation_failed' },
      });
      fake.state.synthesize = 'fail';
      const failed = await post({ text: '你好' });
      expect({ status: failed.status, body: failed.body }).toEqual({
        status: 502,
        body: {
          error: '语音合成失败: Voice-Service 返回 HTTP 503: tts engine down',
          errorType: 'upstream_error',
        },
      });
    });
  });

  it.each([
    ['/voice/tts/voices', VOICES],
    ['/voice/tts/status', TTS_STATUS],
    ['/voice/status', VOICE_STATUS],
  ])('GET %s relays the service JSON as it came', async (path, expected) => {
    const res = await call(gw.url, 'GET', `/api/v1${path}`, { token });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expected });
  });

  describe('a service that hangs', () => {
    const unreachable = {
      error: `Voice-Service 不可达: 请求超时 (${TIMEOUT_MS} ms 无响应)`,
      errorType: 'voice_service_unreachable',
    };

    it('times out every route with 502 voice_service_unreachable', async () => {
      fake.state.hang = true;
      const [status, tts, stt] = await Promise.all([
        call(gw.url, 'GET', '/api/v1/voice/status', { token }),
        call(gw.url, 'POST', '/api/v1/voice/tts', { token, body: { text: '你好' } }),
        transcribe(gw, token, { bytes: wavFile() }),
      ]);
      expect({ status: status.status, body: status.body }).toEqual({ status: 502, body: unreachable });
      expect({ status: tts.status, body: tts.body }).toEqual({ status: 502, body: unreachable });
      expect(stt).toEqual({ status: 502, body: unreachable });
    });
  });
});

describe('§5 voice, with the Voice-Service down', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await startTestGateway({ env: { VOICE_SERVICE_URL: await closedPortUrl() } });
    token = (await registerTestUser(gw, 'alice')).token;
  });
  afterAll(() => gw.close());

  const down = {
    error: expect.stringMatching(/^Voice-Service 不可达: connect ECONNREFUSED 127\.0\.0\.1:\d+$/),
    errorType: 'voice_service_unreachable',
  };

  it.each(['/voice/tts/voices', '/voice/tts/status', '/voice/status'])('GET %s → 502', async (path) => {
    const res = await call(gw.url, 'GET', `/api/v1${path}`, { token });
    expect({ status: res.status, body: res.body }).toEqual({ status: 502, body: down });
  });

  it('POST /voice/tts and /voice/transcribe → 502', async () => {
    const tts = await call(gw.url, 'POST', '/api/v1/voice/tts', { token, body: { text: '你好' } });
    expect({ status: tts.status, body: tts.body }).toEqual({ status: 502, body: down });
    expect(await transcribe(gw, token, { bytes: wavFile() })).toEqual({ status: 502, body: down });
  });
});
