import type { AutomationRule, RuleRun, ServerFrame } from '@cyrene/contracts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settle } from '../automation/testing/settle';
import { FakeAiCore } from '../testing/fake-ai-core';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { signInTestAdmin, type TestUser } from '../testing/users';
import { type FakeVoiceService, startFakeVoiceService, wavFile } from '../voice/testing/fake-voice-service';
import { TestSocket } from './testing/test-socket';

const WEBHOOK_KEY = 'a-long-webhook-key-for-tests';

interface WebhookReply {
  reply: string;
  session_id: string;
  message_id: string;
  finish_reason: string;
}

/*
 * The one chat path end to end: webhooks and automation go through the WebSocket's turn
 * machinery, and what hangs on a WebSocket connection (voice, automation events, notification
 * catch-up) uses the same services as the REST API.
 */
describe('§2 one chat path for the WebSocket, the webhooks and automation', () => {
  let gw: TestGateway;
  let core: FakeAiCore;
  let voiceService: FakeVoiceService;
  let provider: FakeVoiceService;
  let admin: TestUser;
  const sockets: TestSocket[] = [];

  const open = async (query: Record<string, string>) => {
    const socket = await TestSocket.open(gw.url, { token: admin.token, query });
    sockets.push(socket);
    return socket;
  };
  const hook = (body: Record<string, unknown>) =>
    call<WebhookReply>(gw.url, 'POST', '/api/v1/webhook/generic', {
      body,
      headers: { 'x-webhook-key': WEBHOOK_KEY },
    });
  const messagesOf = async (sessionId: string) =>
    (
      await admin.api<{ messages: Array<{ id: number; role: string; content: string }> }>(
        'GET',
        `/sessions/${sessionId}/messages`,
      )
    ).body.messages;
  const rule = async (body: Record<string, unknown>) => {
    const res = await admin.api<{ rule: AutomationRule }>('POST', '/automation/rules', body);
    if (res.status !== 201) throw new Error(res.text);
    return res.body.rule;
  };
  const runsOf = async (ruleId: string) =>
    (await admin.api<{ runs: RuleRun[] }>('GET', `/automation/rules/${ruleId}/runs`)).body.runs;

  beforeAll(async () => {
    core = await FakeAiCore.start();
    voiceService = await startFakeVoiceService();
    provider = await startFakeVoiceService();
    gw = await startTestGateway({
      env: { AI_CORE_URL: core.url, WEBHOOK_KEY, VOICE_SERVICE_URL: voiceService.url },
    });
    admin = await signInTestAdmin(gw);
  });
  afterAll(async () => {
    await gw.close();
    await core.close();
    await voiceService.close();
    await provider.close();
  });
  beforeEach(() => {
    core.script = { deltas: ['你好', '，世界'] };
    core.requests.length = 0;
    voiceService.reset();
    provider.reset();
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
  });

  describe('webhooks', () => {
    it('a webhook reply waits for the session turn and streams to the WebSocket clients watching it', async () => {
      const watcher = await open({ session_id: 'webhook_watched01' });
      core.script = { deltas: ['一', '二'], holdAfter: 1 };
      const first = hook({ message: '第一条', session_id: 'webhook_watched01' });
      await watcher.next('stream_chunk', (f) => f.content === '一');
      const second = hook({ message: '第二条', session_id: 'webhook_watched01' });
      // The second message is stored at once; its turn waits for the first one to end.
      await expect.poll(async () => (await messagesOf('webhook_watched01')).length).toBe(3);
      core.script = { deltas: ['好'] };
      core.release();

      const [one, two] = await Promise.all([first, second]);
      expect({ status: one.status, body: one.body }).toEqual({
        status: 200,
        body: {
          reply: '一二',
          session_id: 'webhook_watched01',
          message_id: expect.any(String),
          finish_reason: 'stop',
        },
      });
      expect(two.body).toMatchObject({ reply: '好', finish_reason: 'stop' });
      // Asked only once the first reply was whole: it is the second one's history.
      expect(core.requests.map((r) => r.body)).toEqual([
        expect.objectContaining({ message: '第一条' }),
        expect.objectContaining({
          message: '第二条',
          history: [
            { role: 'user', content: '第一条' },
            { role: 'assistant', content: '一二' },
          ],
        }),
      ]);

      await watcher.next('stream_end', (f) => f.text === '好');
      const frames = watcher.sequenced();
      expect(frames.map((f) => [f.seq, f.type])).toEqual([
        [1, 'response'],
        [2, 'stream_start'],
        [3, 'stream_chunk'],
        [4, 'stream_chunk'],
        [5, 'stream_end'],
        [6, 'response'],
        [7, 'stream_start'],
        [8, 'stream_chunk'],
        [9, 'stream_end'],
      ]);
      expect(frames[0]).toMatchObject({
        role: 'user',
        content: '第一条',
        client_info: { client_id: 'webhook_generic', device_name: 'generic webhook', user_agent: '' },
      });
      expect(frames[1]).toMatchObject({ message_id: one.body.message_id });
      const stored = await messagesOf('webhook_watched01');
      expect(stored.map((m) => [m.role, m.content])).toEqual([
        ['user', '第一条'],
        ['assistant', '一二'],
        ['user', '第二条'],
        ['assistant', '好'],
      ]);
      expect(String(stored[3]?.id)).toBe(two.body.message_id);
    });

    it('engine down: 502 AI 服务暂不可用, the watchers get the same error, the user message is kept', async () => {
      core.script = { deltas: [], status: 500 };
      const watcher = await open({ session_id: 'webhook_down0001' });
      const res = await hook({ message: '在吗', session_id: 'webhook_down0001' });
      expect({ status: res.status, body: res.body }).toEqual({
        status: 502,
        body: { error: expect.stringMatching(/^AI 服务暂不可用: .*500/), errorType: 'ai_unavailable' },
      });
      const error = await watcher.next('error');
      expect(error).toMatchObject({ error: (res.body as unknown as { error: string }).error, seq: 2 });
      expect((await messagesOf('webhook_down0001')).map((m) => [m.role, m.content])).toEqual([
        ['user', '在吗'],
      ]);
    });
  });

  describe('automation', () => {
    it("a chat action's exchange streams to the owner's devices on the session and is stored", async () => {
      const r = await rule({
        name: '问候',
        trigger_type: 'manual',
        actions: { steps: [{ type: 'chat', session_id: 'session_autochat1', message: '早上好' }] },
      });
      const watcher = await open({ session_id: 'session_autochat1' });
      core.script = { deltas: ['早上', '好呀'] };
      await admin.api('POST', `/automation/rules/${r.id}/trigger`);
      await settle(gw);
      expect(await watcher.next('response')).toMatchObject({
        role: 'user',
        content: '早上好',
        client_info: { client_id: 'automation', device_name: `automation rule ${r.id}` },
      });
      expect(await watcher.next('stream_end')).toMatchObject({ text: '早上好呀', finish_reason: 'stop' });
      expect((await messagesOf('session_autochat1')).map((m) => [m.role, m.content])).toEqual([
        ['user', '早上好'],
        ['assistant', '早上好呀'],
      ]);
      expect(await runsOf(r.id)).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    });

    it('a message sent over the WebSocket fires the chat_message rules whose keyword it has', async () => {
      const r = await rule({
        name: '开灯',
        trigger_type: 'event',
        trigger_config: { event: 'chat_message', keyword: '开灯' },
        actions: { steps: [{ type: 'notify', title: '灯开了', body: '客厅的灯已打开' }] },
      });
      const ws = await open({ session_id: 'session_lights01' });
      ws.send({ type: 'message', content: '晚安' });
      await ws.next('stream_end');
      ws.send({ type: 'message', content: '请帮我开灯' });
      await ws.next('stream_end');
      await settle(gw);
      // The run may notify before the reply's frames: look at every frame, not after the reply.
      const notifications = () =>
        ws.frames.flatMap((f) => (f.type === 'notification' ? [f.notification] : []));
      await expect.poll(notifications).toEqual([
        expect.objectContaining({
          title: '灯开了',
          body: '客厅的灯已打开',
          data: { rule_id: r.id, run_id: expect.any(String) },
        }),
      ]);
      expect(await runsOf(r.id)).toEqual([
        expect.objectContaining({
          status: 'succeeded',
          event: {
            type: 'chat_message',
            fields: { session_id: 'session_lights01', role: 'user', text: '请帮我开灯' },
          },
        }),
      ]);
    });
  });

  describe('voice_input', () => {
    it('is transcribed through the admin stt routing, as POST /voice/transcribe is', async () => {
      const setup = [
        await admin.api('POST', '/admin/models/providers/local', {
          base_url: `${provider.url}/v1`,
          api_key: 'sk-speech-provider-key-0123456789',
        }),
        await admin.api('POST', '/admin/models/models/whisper', { provider: 'local', name: 'whisper-1' }),
        await admin.api('POST', '/admin/models/routing/stt', { fallback_chain: ['whisper'], required: true }),
      ];
      expect(setup.map((r) => r.status)).toEqual([200, 200, 200]);
      const ws = await open({ session_id: 'session_voiceroute' });
      const wav = wavFile();
      ws.send({ type: 'voice_input', audio_data: wav.toString('base64') });
      const heard = `听到 ${wav.length} 字节 (audio.wav, audio/wav)`;
      expect(await ws.next('voice_transcript')).toMatchObject({ text: heard });
      await ws.next('stream_end');
      expect(provider.state.received.map((r) => [r.path, r.contentType, r.fields.model])).toEqual([
        ['/v1/audio/transcriptions', 'audio/wav', 'whisper-1'],
      ]);
      expect(voiceService.state.received).toEqual([]);
      expect((await messagesOf('session_voiceroute')).map((m) => [m.role, m.content])).toEqual([
        ['user', heard],
        ['assistant', '你好，世界'],
      ]);
    });

    it('refuses what is not audio as the REST route does, and stores nothing', async () => {
      const ws = await open({ session_id: 'session_notaudio' });
      ws.send({ type: 'voice_input', audio_data: Buffer.from('这不是一段录音').toString('base64') });
      expect(await ws.next('error')).toEqual({
        type: 'error',
        error: '语音识别失败: 不支持的音频格式: text/plain',
        errorType: 'unsupported_type',
        session_id: 'session_notaudio',
        timestamp: expect.any(Number),
      });
      expect(provider.state.received).toEqual([]);
      expect(voiceService.state.received).toEqual([]);
      const stored = await admin.api('GET', '/sessions/session_notaudio/messages');
      expect(stored.status).toBe(404);
    });
  });

  describe('notification catch-up per device', () => {
    const notificationsWith = (socket: TestSocket, id: string) =>
      socket.frames.filter(
        (f): f is Extract<ServerFrame, { type: 'notification' }> =>
          f.type === 'notification' && f.notification.id === id,
      );
    /**
     * A device's connection, once its catch-up reached it: read on the server, then a pong sent
     * after those frames (one stream, in order).
     */
    const device = async (clientId: string) => {
      const socket = await open({ session_id: 'session_devices01', client_id: clientId });
      await gw.services.notifications.delivery.idle();
      socket.send({ type: 'ping' });
      await socket.next('pong');
      return socket;
    };
    /** Closes a device's connection (its cursor was saved with each delivery: nothing to wait for). */
    const leave = (socket: TestSocket) => socket.close();
    const push = async (title: string) => {
      const res = await admin.api<{ notification: { id: string } }>('POST', '/notifications/push', {
        user_id: 'admin',
        type: 'info',
        title,
        body: `${title}的内容`,
      });
      expect(res.status).toBe(200);
      return res.body.notification.id;
    };

    it('replays what a device missed once, and to each device', async () => {
      // Devices seen before: one seen for the first time starts from now.
      await leave(await device('paths-phone'));
      await leave(await device('paths-tablet'));
      const id = await push('离线时的通知');

      const phone = await device('paths-phone');
      expect(notificationsWith(phone, id)).toEqual([
        {
          type: 'notification',
          notification: {
            id,
            type: 'info',
            title: '离线时的通知',
            body: '离线时的通知的内容',
            timestamp: expect.any(String),
            data: {},
          },
          timestamp: expect.any(Number),
        },
      ]);
      await leave(phone);
      expect(notificationsWith(await device('paths-phone'), id)).toEqual([]);
      expect(notificationsWith(await device('paths-tablet'), id)).toHaveLength(1);
    });

    it('does not replay a notification the device got live', async () => {
      const phone = await device('paths-phone');
      const id = await push('在线时的通知');
      await phone.next('notification', (f) => f.notification.id === id);
      await leave(phone);
      const again = await device('paths-phone');
      expect(notificationsWith(again, id)).toEqual([]);
      expect(notificationsWith(phone, id)).toHaveLength(1);
    });
  });
});
