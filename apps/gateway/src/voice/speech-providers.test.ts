import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../testing/users';
import {
  type FakeVoiceService,
  startFakeVoiceService,
  TTS_FIRST_CHUNK,
  TTS_SECOND_CHUNK,
  wavFile,
} from './testing/fake-voice-service';

const API_KEY = 'sk-speech-provider-key-0123456789';

/** §5 beyond the spec: routing rules for stt / tts send speech to an OpenAI-compatible provider. */
describe('§5 voice through admin speech routing', () => {
  let provider: FakeVoiceService;
  let voiceService: FakeVoiceService;
  let gw: TestGateway;
  let adminToken: string;
  let token: string;

  const admin = (method: string, path: string, body?: unknown) =>
    call(gw.url, method, `/api/v1/admin/models${path}`, { token: adminToken, body });
  const route = async (purpose: 'stt' | 'tts', model: string, required: boolean) => {
    const res = await admin('POST', `/routing/${purpose}`, { fallback_chain: [model], required });
    expect(res.status).toBe(200);
  };
  const transcribe = async () => {
    const form = new FormData();
    form.set('audio', new Blob([new Uint8Array(wavFile())]), 'clip.wav');
    const res = await fetch(`${gw.url}/api/v1/voice/transcribe`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const speak = (body: unknown) => call(gw.url, 'POST', '/api/v1/voice/tts', { token, body });

  beforeAll(async () => {
    provider = await startFakeVoiceService();
    voiceService = await startFakeVoiceService();
    gw = await startTestGateway({ env: { VOICE_SERVICE_URL: voiceService.url, VOICE_TIMEOUT_MS: '2000' } });
    adminToken = (await signInTestAdmin(gw)).token;
    token = (await registerTestUser(gw, 'alice')).token;
    await admin('POST', '/providers/local', { base_url: `${provider.url}/v1`, api_key: API_KEY });
    await admin('POST', '/models/whisper', {
      provider: 'local',
      name: 'whisper-1',
      params: { language: 'zh' },
    });
    await admin('POST', '/models/speech', { provider: 'local', name: 'tts-1', params: { voice: 'nova' } });
  });
  afterAll(async () => {
    await gw.close();
    await provider.close();
    await voiceService.close();
  });
  beforeEach(() => {
    provider.reset();
    voiceService.reset();
  });

  it('transcribes with the provider named by the stt rule', async () => {
    await route('stt', 'whisper', true);
    const wav = wavFile();
    expect(await transcribe()).toEqual({
      status: 200,
      body: { success: true, text: `听到 ${wav.length} 字节 (audio.wav, audio/wav)` },
    });
    expect(provider.state.received).toEqual([
      {
        path: '/v1/audio/transcriptions',
        filename: 'audio.wav',
        contentType: 'audio/wav',
        bytes: wav,
        fields: { language: 'zh', model: 'whisper-1', response_format: 'json' },
        authorization: `Bearer ${API_KEY}`,
      },
    ]);
    expect(voiceService.state.received).toHaveLength(0);
  });

  it('answers 400 when the provider refuses the audio, 502 when it fails (required rule)', async () => {
    await route('stt', 'whisper', true);
    provider.state.transcribe = 'reject';
    expect(await transcribe()).toEqual({
      status: 400,
      body: { success: false, error: '语音识别失败: 无法解码音频' },
    });
    provider.state.transcribe = 'fail';
    expect(await transcribe()).toEqual({
      status: 502,
      body: { error: '语音识别失败: local/whisper-1: HTTP 500: model crashed', errorType: 'upstream_error' },
    });
    expect(voiceService.state.received).toHaveLength(0);
  });

  it('falls back to the Voice-Service when the rule is not required', async () => {
    await route('stt', 'whisper', false);
    provider.state.transcribe = 'fail';
    const res = await transcribe();
    expect(res.status).toBe(200);
    expect(provider.state.received).toHaveLength(1);
    expect(voiceService.state.received).toHaveLength(1);
    expect(voiceService.state.received[0]?.bytes.equals(wavFile())).toBe(true);
  });

  it('synthesizes with the tts rule provider, streamed, mapping the request to /audio/speech', async () => {
    await route('tts', 'speech', true);
    const res = await fetch(`${gw.url}/api/v1/voice/tts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: '你好', format: 'ogg', speed: 1.5 }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(
      Buffer.from(await res.arrayBuffer()).equals(Buffer.concat([TTS_FIRST_CHUNK, TTS_SECOND_CHUNK])),
    ).toBe(true);
    expect(provider.state.speechBodies).toEqual([
      {
        path: '/v1/audio/speech',
        body: { model: 'tts-1', input: '你好', voice: 'nova', response_format: 'opus', speed: 1.5 },
        authorization: `Bearer ${API_KEY}`,
      },
    ]);
    expect(voiceService.state.speechBodies).toHaveLength(0);
  });

  it('tts: 502 from a failing provider on a required rule, the Voice-Service otherwise', async () => {
    provider.state.synthesize = 'fail';
    await route('tts', 'speech', true);
    const failed = await speak({ text: '你好' });
    expect({ status: failed.status, body: failed.body }).toEqual({
      status: 502,
      body: { error: '语音合成失败: local/tts-1: HTTP 503: tts engine down', errorType: 'upstream_error' },
    });
    expect(failed.text).not.toContain(API_KEY);
    await route('tts', 'speech', false);
    const fallback = await speak({ text: '你好' });
    expect(fallback.status).toBe(200);
    expect(voiceService.state.speechBodies).toHaveLength(1);
  });
});
