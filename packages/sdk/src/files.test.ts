import { Readable } from 'node:stream';
import {
  ManualClock,
  startFakeVoiceService,
  startTestGateway,
  TEST_ADMIN,
  type TestGateway,
} from '@cyrene/gateway/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contract,
  createGatewayClient,
  type GatewayClient,
  GatewayError,
  type UploadProgress,
} from './index';

/*
 * Uploads and downloads against a live gateway, through the client's one transport: progress,
 * stream sources, filenames from Content-Disposition, typed errors, and a refresh mid-way.
 */
describe('upload and download helpers', () => {
  let gw: TestGateway;
  let voice: Awaited<ReturnType<typeof startFakeVoiceService>>;
  let client: GatewayClient;
  const clock = new ManualClock();
  const text = '第一行\nsecond line\n'.repeat(20_000); // ~400 kB, several chunks

  beforeAll(async () => {
    voice = await startFakeVoiceService();
    gw = await startTestGateway({ clock, env: { VOICE_SERVICE_URL: voice.url } });
    client = createGatewayClient({ baseUrl: gw.url });
    const body = {
      username: 'dana',
      password: 'secret-dana',
      email: 'd@example.com',
      nickname: 'Dana',
      verify_code: '000000',
    };
    expect((await client.rest.auth.register({ body })).status).toBe(201);
    await client.login('dana', 'secret-dana');
  });
  afterAll(async () => {
    await gw?.close();
    await voice?.close();
  });

  it('uploads a Blob with progress and downloads it back with its filename', async () => {
    const progress: UploadProgress[] = [];
    const blob = new Blob([text], { type: 'text/plain' });
    const uploaded = await client.uploadFile(blob, {
      filename: '笔记 1.txt',
      onProgress: (p) => progress.push(p),
    });

    expect(uploaded).toMatchObject({ filename: '笔记 1.txt', mime_type: 'text/plain', size: blob.size });
    expect(progress.length).toBeGreaterThan(3);
    const total = progress[0]?.total ?? 0;
    expect(total).toBeGreaterThan(blob.size); // the whole form, part headers included
    expect(progress.at(-1)).toEqual({ loaded: total, total });
    expect(progress.map((p) => p.loaded)).toEqual([...progress.map((p) => p.loaded)].sort((a, b) => a - b));

    const file = await client.downloadFile(uploaded.id);
    expect(file).toMatchObject({
      filename: '笔记 1.txt',
      contentType: 'text/plain; charset=utf-8',
      status: 200,
    });
    expect(await file.blob.text()).toBe(text);

    const part = await client.downloadFile(uploaded.id, { range: 'bytes=0-8' });
    expect(part.status).toBe(206);
    expect(await part.blob.text()).toBe('第一行');
  });

  it('uploads a Node stream, with a total when its size is given', async () => {
    const bytes = Buffer.from(text);
    const progress: UploadProgress[] = [];
    const uploaded = await client.uploadFile(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), {
      filename: 'stream.txt',
      contentType: 'text/plain',
      size: bytes.byteLength,
      onProgress: (p) => progress.push(p),
    });
    expect(uploaded.size).toBe(bytes.byteLength);
    expect(progress.at(-1)?.loaded).toBe(progress.at(-1)?.total);

    const unknownSize: UploadProgress[] = [];
    await client.uploadFile(Readable.from([bytes]), {
      filename: 'stream.txt',
      contentType: 'text/plain',
      onProgress: (p) => unknownSize.push(p),
    });
    expect(unknownSize.every((p) => p.total === undefined)).toBe(true);
  });

  it('throws the gateway’s typed error', async () => {
    const error = await client
      .uploadFile(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]), { filename: 'a.out' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 400, errorType: 'unsupported_type' });

    const missing = await client
      .downloadFile('00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'GatewayError', status: 404 });
  });

  it('checks the form against the route’s multipart fields', async () => {
    await expect(client.upload(contract.files.uploadFile, { document: new Blob(['x']) })).rejects.toThrow(
      'field "file" is required',
    );
    await expect(client.upload(contract.images.analyzeImage, { file_id: 'x', extra: 'y' })).rejects.toThrow(
      'takes no field "extra"',
    );
  });

  it('exports a session as a named file, and speaks and transcribes through the Voice-Service', async () => {
    const session = (await client.rest.sessions.createSession({ body: { title: '周报' } })).body;
    if (!('id' in session)) throw new Error('no session');
    const exported = await client.exportSession(session.id, 'markdown');
    expect(exported.filename).toBe('周报.md');
    expect(await exported.blob.text()).toContain('# 周报');

    const speech = await client.synthesizeSpeech({ text: '你好' });
    expect(speech.contentType).toContain('audio/mpeg');
    expect(speech.size).toBeGreaterThan(0);

    const transcription = await client.transcribe(new Blob([new Uint8Array(64)], { type: 'audio/wav' }), {
      filename: 'a.wav',
    });
    expect(transcription).toMatchObject({ success: true });
  });

  it('renews an expired token and sends the Blob again', async () => {
    clock.advance(3 * 60 * 60 * 1000); // past the 2 h access token
    const before = client.tokens.get()?.token;
    const uploaded = await client.uploadFile(new Blob(['after a refresh'], { type: 'text/plain' }), {
      filename: 'late.txt',
    });
    expect(uploaded.size).toBe(15);
    expect(client.tokens.get()?.token).not.toBe(before);
  });

  it('goes through XMLHttpRequest where there is one (browsers), reporting its upload progress', async () => {
    const progress: UploadProgress[] = [];
    const original = globalThis.XMLHttpRequest;
    globalThis.XMLHttpRequest = FetchBackedXhr as unknown as typeof XMLHttpRequest;
    try {
      const uploaded = await client.uploadFile(new Blob(['via xhr'], { type: 'text/plain' }), {
        filename: 'xhr.txt',
        onProgress: (p) => progress.push(p),
      });
      expect(uploaded).toMatchObject({ filename: 'xhr.txt', size: 7 });
      expect(FetchBackedXhr.sent).toMatchObject({
        method: 'POST',
        authorization: expect.stringMatching(/^Bearer /),
      });
      expect(progress.at(-1)).toEqual({
        loaded: FetchBackedXhr.sent?.bytes,
        total: FetchBackedXhr.sent?.bytes,
      });
    } finally {
      globalThis.XMLHttpRequest = original;
    }
  });

  it('opens the chat WebSocket with the client’s token', async () => {
    const admin = createGatewayClient({ baseUrl: gw.url, WebSocket: (await import('ws')).default });
    await admin.login(TEST_ADMIN.username, TEST_ADMIN.password);
    const chat = admin.chat({ reconnect: false });
    try {
      await chat.connect();
      expect(chat.state).toBe('open');
      // No AI is configured in this gateway: the reply is the spec's clear error, typed.
      const reply = chat.ask('你好');
      await expect(reply.done).rejects.toMatchObject({ name: 'ChatError', errorType: 'ai_unavailable' });
      expect(await chat.history(10)).toEqual([expect.objectContaining({ role: 'user', content: '你好' })]);
    } finally {
      chat.close();
    }
  });
});

/**
 * Just enough of XMLHttpRequest for the SDK's browser path, sending through fetch and firing
 * one upload progress event with the form's size, as a browser's last event has.
 */
class FetchBackedXhr {
  static sent: { method: string; authorization: string | undefined; bytes: number } | undefined;
  upload: {
    onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null;
  } = {
    onprogress: null,
  };
  responseType = '';
  status = 0;
  response: Blob | undefined;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  private method = 'GET';
  private url = '';
  private headers = new Headers();
  private responseHeaders = new Headers();

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers.set(name, value);
  }
  getAllResponseHeaders(): string {
    return [...this.responseHeaders].map(([k, v]) => `${k}: ${v}`).join('\r\n');
  }
  abort(): void {
    this.onabort?.();
  }
  send(body: FormData): void {
    const request = new Request(this.url, { method: this.method, headers: this.headers, body });
    void (async () => {
      const bytes = (await request.clone().arrayBuffer()).byteLength;
      FetchBackedXhr.sent = {
        method: this.method,
        authorization: this.headers.get('authorization') ?? undefined,
        bytes,
      };
      this.upload.onprogress?.({ loaded: bytes, total: bytes, lengthComputable: true });
      const res = await fetch(request);
      this.status = res.status;
      this.responseHeaders = res.headers;
      this.response = await res.blob();
      this.onload?.();
    })().catch(() => this.onerror?.());
  }
}
