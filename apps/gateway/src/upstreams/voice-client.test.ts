import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error';
import { reasonFromBody, VoiceServiceClient } from './voice-client';

describe('VoiceServiceClient', () => {
  it('without VOICE_SERVICE_URL answers voice_service_unreachable with a hint', async () => {
    const error = await new VoiceServiceClient(undefined, 1_000).getJson('/status').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    expect((error as ApiError).body).toEqual({
      error: 'Voice-Service 不可达: VOICE_SERVICE_URL 未配置',
      errorType: 'voice_service_unreachable',
      hint: '在 .env 中设置 VOICE_SERVICE_URL,或在 /admin/models/routing/stt 与 /tts 配置语音模型',
    });
  });
});

describe('reasonFromBody', () => {
  it.each([
    ['{"error":"bad audio"}', 'bad audio'],
    ['{"detail":"无法解码"}', '无法解码'],
    [
      '{"detail":[{"loc":["body","audio"],"msg":"field required"}]}',
      '[{"loc":["body","audio"],"msg":"field required"}]',
    ],
    ['{"error":{"message":"Invalid file format.","type":"invalid_request_error"}}', 'Invalid file format.'],
    ['{"message":"nope"}', 'nope'],
    ['plain failure\n', 'plain failure'],
    ['', ''],
  ])('%s → %s', (body, reason) => {
    expect(reasonFromBody(body)).toBe(reason);
  });

  it('cuts a long body', () => {
    expect(reasonFromBody('x'.repeat(1_000))).toBe(`${'x'.repeat(300)}…`);
  });
});
