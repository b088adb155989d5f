import { describe, expect, it } from 'vitest';
import { aiCoreRequest, providerMessages } from './prompt';
import type { ChatRequest } from './request';

const base: ChatRequest = {
  userId: 'admin',
  sessionId: 's1',
  message: '这张图里是什么?',
  mode: 'voice_msg',
  history: [{ role: 'system', content: '简短回答' }],
};

describe('chat engine prompts', () => {
  it('sends images a provider can fetch as image parts, and names the rest in the text', () => {
    const messages = providerMessages({
      ...base,
      attachments: [
        { type: 'image', url: 'https://cdn.example/cat.jpg' },
        { type: 'image', url: '/api/v1/files/f1/download', filename: 'dog.png', width: 640, height: 480 },
        { type: 'file', url: '/api/v1/files/f2/download', filename: '报告.pdf', description: '季度报告' },
      ],
    });
    expect(messages).toEqual([
      { role: 'system', content: '简短回答' },
      {
        role: 'user',
        content: [
          {
            type: 'text',
            text: '这张图里是什么?\n[附件 image 640x480] dog.png\n[附件 file] 报告.pdf: 季度报告',
          },
          { type: 'image_url', image_url: { url: 'https://cdn.example/cat.jpg' } },
        ],
      },
    ]);
  });

  it('a plain message stays a string', () => {
    expect(providerMessages(base).at(-1)).toEqual({ role: 'user', content: '这张图里是什么?' });
  });

  it('AI-Core gets the spec’s body, leaving out empty history and attachments', () => {
    expect(aiCoreRequest({ ...base, history: [], attachments: [] })).toEqual({
      session_id: 's1',
      user_id: 'admin',
      message: '这张图里是什么?',
      mode: 'voice_msg',
    });
  });
});
