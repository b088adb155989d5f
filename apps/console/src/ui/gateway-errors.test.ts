import { ChatError, GatewayError } from '@cyrene/sdk';
import { describe, expect, it } from 'vitest';
import { describeError, errorFrameText, gatewayErrorMessages } from './gateway-errors';

const tooLarge = new GatewayError(413, {
  error: '文件大小超过限制 (最大 20MB)',
  errorType: 'file_too_large',
  hint: '请压缩后重试',
});

describe('gateway errors in the reader’s language', () => {
  it('an English reader gets English words for the errorType, not the gateway’s Chinese', () => {
    expect(describeError(tooLarge, 'en')).toEqual({
      message: 'The file is too large.',
      requestId: undefined,
    });
    expect(describeError(new ChatError('AI 服务暂不可用: 502', 'ai_unavailable'), 'en')).toEqual({
      message: 'The AI service is unavailable.',
    });
    expect(errorFrameText({ error: '会话不存在', errorType: 'session_not_found' }, 'en')).toBe(
      'This conversation does not exist.',
    );
  });

  it('a Chinese reader gets the gateway’s own text and hint, which say the most', () => {
    expect(describeError(tooLarge, 'zh')).toEqual({
      message: '文件大小超过限制 (最大 20MB)',
      hint: '请压缩后重试',
      requestId: undefined,
    });
  });

  it('without an errorType the gateway’s text is shown as it came, in either language', () => {
    const odd = new GatewayError(500, { error: '出错了', request_id: 'req-1' });
    expect(describeError(odd, 'en')).toEqual({ message: '出错了', hint: undefined, requestId: 'req-1' });
  });

  it('a gateway that cannot be reached is said so in the reader’s language', () => {
    expect(describeError(new TypeError('fetch failed'), 'en').message).toMatch(/Cannot reach the gateway/);
    expect(describeError(new TypeError('fetch failed'), 'zh').message).toMatch(/无法连接到网关/);
  });

  it('every errorType has words in both languages', () => {
    expect(Object.keys(gatewayErrorMessages.en).sort()).toEqual(Object.keys(gatewayErrorMessages.zh).sort());
  });
});
