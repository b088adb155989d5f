import { MAX_ANALYZE_IMAGE_BYTES } from '@cyrene/contracts';
import { OpenAiChatCompletionRequestSchema } from '@cyrene/contracts/upstream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOB_STORE_KINDS, useTestBlobStore } from '../files/testing/blob-stores';
import * as fixtures from '../files/testing/fixtures';
import { postForm, upload } from '../files/testing/multipart-client';
import { type FakeUpstream, type SeenRequest, sendJson, startFakeUpstream } from '../testing/fake-upstream';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin } from '../testing/users';

interface Analysis {
  format: string;
  width: number;
  height: number;
  file_size: number;
  description: string;
  top_colors: { hex: string; percent: number }[];
  exif: Record<string, unknown>;
  analyzed_by: string;
}

/** An OpenAI-compatible provider on loopback: `/v1/chat/completions` answered per model name. */
function startFakeVision(answers: Record<string, { status: number; body: unknown }>): Promise<FakeUpstream> {
  return startFakeUpstream((req, res) => {
    const answer = req.url === '/v1/chat/completions' ? answers[String(modelOf(req))] : undefined;
    sendJson(res, answer?.status ?? 404, answer?.body ?? { error: { message: 'no such route' } });
  });
}

const modelOf = (req: SeenRequest) => (req.body as { model?: unknown } | undefined)?.model;

const completion = (content: string) => ({
  id: 'chatcmpl-1',
  model: 'vision-model',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
});

describe.each(BLOB_STORE_KINDS)('§7 image analysis (blob store: %s)', (kind) => {
  const store = useTestBlobStore(kind);
  let gw: TestGateway;
  let alice: string;
  let bob: string;
  let pngId: string;

  beforeAll(async () => {
    gw = await startTestGateway({ env: store.env() });
    alice = (await registerTestUser(gw.url, 'alice')).token;
    bob = (await registerTestUser(gw.url, 'bob')).token;
    pngId = (await upload(gw.url, alice, await fixtures.redBluePng(), 'flag.png')).body.id;
  });
  afterAll(() => gw.close());

  const analyzeJson = (body: unknown, token = alice) =>
    call<Analysis>(gw.url, 'POST', '/api/v1/images/analyze', { token, body });

  const expectedRedBlue = (fileSize: number): Analysis => ({
    format: 'png',
    width: 200,
    height: 100,
    file_size: fileSize,
    description:
      '这是一张 200×100 的横向 PNG 图片,约 2 万像素,文件大小 ' +
      `${fileSize} 字节。主色调为红色 (75.0%)和蓝色 (25.0%),整体亮度适中。`,
    top_colors: [
      { hex: '#FF0000', percent: 75 },
      { hex: '#0000FF', percent: 25 },
    ],
    exif: {},
    analyzed_by: 'local',
  });

  describe('an uploaded file, locally', () => {
    it('POST {"file_id"} measures format, size, colours and describes it in Chinese', async () => {
      const size = (await fixtures.redBluePng()).length;
      const res = await analyzeJson({ file_id: pngId });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expectedRedBlue(size));
    });

    it('GET /images/analyze/:file_id gives the same', async () => {
      const res = await call<Analysis>(gw.url, 'GET', `/api/v1/images/analyze/${pngId}`, { token: alice });
      expect(res.status).toBe(200);
      expect(res.body).toEqual((await analyzeJson({ file_id: pngId })).body);
    });

    it('a multipart file_id field is the JSON form', async () => {
      const res = await postForm<Analysis>(gw.url, '/api/v1/images/analyze', alice, [
        { field: 'file_id', content: pngId },
      ]);
      expect(res.status).toBe(200);
      expect(res.body.width).toBe(200);
    });

    it('reports the size as shown: EXIF orientation applied', async () => {
      const id = (await upload(gw.url, alice, await fixtures.rotatedJpeg(), 'r.jpg')).body.id;
      const res = await analyzeJson({ file_id: id });
      expect(res.body).toMatchObject({ format: 'jpeg', width: 200, height: 400, exif: { Orientation: 6 } });
      expect(res.body.description).toContain('200×400 的竖向 JPEG 图片');
    });

    it('an animation: one frame’s size, the frame count, the first frame’s colours', async () => {
      const id = (await upload(gw.url, alice, await fixtures.animatedGif(), 'a.gif')).body.id;
      const res = await analyzeJson({ file_id: id });
      expect(res.body).toMatchObject({
        format: 'gif',
        width: 40,
        height: 30,
        top_colors: [{ hex: '#FFFFFF', percent: 100 }],
      });
      expect(res.body.description).toContain('动图 (共 3 帧)');
      expect(res.body.description).toContain('整体为白色 (100.0%),整体亮度很亮');
    });

    it('refuses what is not an image, and image types analysis does not read', async () => {
      const text = (await upload(gw.url, alice, 'just text', 'a.txt')).body.id;
      const webp = (await upload(gw.url, alice, await fixtures.webp(), 'a.webp')).body.id;
      expect((await analyzeJson({ file_id: text })).body).toEqual({
        error: '不是图片文件: text/plain',
        errorType: 'unsupported_type',
        hint: '图片分析支持 JPEG、PNG、GIF',
      });
      const res = await call(gw.url, 'GET', `/api/v1/images/analyze/${webp}`, { token: alice });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: '不支持的图片格式: image/webp',
        errorType: 'unsupported_type',
      });
    });

    it('refuses an image bomb', async () => {
      const id = (await upload(gw.url, alice, fixtures.bombPng(20_000, 20_000), 'bomb.png')).body.id;
      const res = await analyzeJson({ file_id: id });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        errorType: 'file_too_large',
        error: '图片像素过多 (最大 100 百万像素)',
      });
    });

    it('validates the JSON body', async () => {
      for (const body of [{}, { file_id: '' }, { file_id: 5 }]) {
        const res = await analyzeJson(body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: 'file_id 不能为空', errorType: 'validation_failed' });
      }
    });

    it('another user’s file (or none) is 404 on both routes', async () => {
      const notFound = { error: '文件不存在', errorType: 'not_found' };
      expect((await analyzeJson({ file_id: pngId }, bob)).body).toEqual(notFound);
      const res = await call(gw.url, 'GET', `/api/v1/images/analyze/${pngId}`, { token: bob });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(notFound);
      expect((await analyzeJson({ file_id: 'nope' })).status).toBe(404);
    });

    it('401 without a token', async () => {
      expect((await call(gw.url, 'GET', `/api/v1/images/analyze/${pngId}`)).status).toBe(401);
    });
  });

  describe('a direct upload (multipart file or image, max 10 MB)', () => {
    it('analyses without storing, with readable EXIF: camera, date, GPS', async () => {
      const jpeg = await fixtures.cameraJpeg();
      const before = await call<{ total: number }>(gw.url, 'GET', '/api/v1/files', { token: alice });
      const res = await postForm<Analysis>(gw.url, '/api/v1/images/analyze', alice, [
        { field: 'image', content: jpeg, filename: 'photo.jpg', type: 'image/jpeg' },
      ]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        format: 'jpeg',
        width: 64,
        height: 48,
        file_size: jpeg.length,
        analyzed_by: 'local',
      });
      expect(res.body.exif).toMatchObject({
        Make: 'Canon',
        Model: 'Canon EOS R5',
        DateTimeOriginal: '2024-05-01 10:20:30',
        ExposureTime: 0.008,
        FNumber: 2.8,
        GPSLatitudeRef: 'N',
        GPSLatitude: 39.9075,
        GPSLongitude: 116.388333,
      });
      expect(JSON.stringify(res.body.exif)).not.toMatch(/ExifTag|GPSTag|ExifVersion/);
      expect(res.body.top_colors).toEqual([{ hex: '#00A000', percent: 100 }]);
      expect(res.body.description).toContain('拍摄设备: Canon EOS R5。拍摄时间: 2024-05-01 10:20:30。');
      expect(res.body.description).toContain('含 GPS 位置信息 (纬度 39.9075,经度 116.388333)');
      const after = await call<{ total: number }>(gw.url, 'GET', '/api/v1/files', { token: alice });
      expect(after.body.total).toBe(before.body.total);
    });

    it('field `file` works the same; the type is sniffed, not declared', async () => {
      const png = await fixtures.redBluePng();
      const res = await postForm<Analysis>(gw.url, '/api/v1/images/analyze', alice, [
        { field: 'file', content: png, filename: 'x.jpg', type: 'image/jpeg' },
      ]);
      expect(res.body).toEqual(expectedRedBlue(png.length));
    });

    it('refuses a non-image, an unsupported image type, and more than 10 MB', async () => {
      const pdf = await postForm(gw.url, '/api/v1/images/analyze', alice, [
        { field: 'file', content: fixtures.pdf(), filename: 'a.png', type: 'image/png' },
      ]);
      expect(pdf.status).toBe(400);
      expect(pdf.body).toMatchObject({
        error: '不是图片文件: application/pdf',
        errorType: 'unsupported_type',
      });

      const webp = await postForm(gw.url, '/api/v1/images/analyze', alice, [
        { field: 'image', content: await fixtures.webp(), filename: 'a.webp' },
      ]);
      expect(webp.body).toMatchObject({
        error: '不支持的图片格式: image/webp',
        errorType: 'unsupported_type',
      });

      const big = await postForm(gw.url, '/api/v1/images/analyze', alice, [
        { field: 'file', content: Buffer.alloc(MAX_ANALYZE_IMAGE_BYTES + 1), filename: 'big.png' },
      ]);
      expect(big.status).toBe(400);
      expect(big.body).toEqual({ error: '文件大小超过限制 (最大 10MB)', errorType: 'file_too_large' });
    });

    it('a form with neither image nor file_id → 400', async () => {
      const res = await postForm(gw.url, '/api/v1/images/analyze', alice, [
        { field: 'other', content: 'x', filename: 'x.png' },
      ]);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: '缺少图片', errorType: 'validation_failed' });
    });
  });

  describe('with a vision routing rule', () => {
    let fake: FakeUpstream;
    let admin: string;

    const adminPost = (path: string, body: unknown) =>
      call(gw.url, 'POST', `/api/v1/admin/models${path}`, { token: admin, body });

    const route = async (...chain: string[]) => {
      const res = await adminPost('/routing/vision', { fallback_chain: chain, required: false });
      expect(res.status).toBe(200);
    };

    beforeAll(async () => {
      fake = await startFakeVision({
        'broken-model': { status: 500, body: { error: { message: 'overloaded' } } },
        'good-model': { status: 200, body: completion('一面左红右蓝的旗帜。') },
        'empty-model': { status: 200, body: completion('  ') },
      });
      admin = (await signInTestAdmin(gw)).token;
      expect(
        (await adminPost('/providers/fake', { base_url: `${fake.url}/v1`, api_key: 'sk-test-123456' }))
          .status,
      ).toBe(200);
      for (const name of ['broken-model', 'good-model', 'empty-model']) {
        const res = await adminPost(`/models/${name}`, { provider: 'fake', params: { temperature: 0.2 } });
        expect(res.status).toBe(200);
      }
    });
    afterAll(() => fake.close());

    it('asks the model (chat completion, image as a data URL part) and returns its description', async () => {
      await route('good-model');
      fake.requests.length = 0;
      const res = await analyzeJson({ file_id: pngId });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        description: '一面左红右蓝的旗帜。',
        analyzed_by: 'openai_vision',
        width: 200,
        top_colors: [
          { hex: '#FF0000', percent: 75 },
          { hex: '#0000FF', percent: 25 },
        ],
      });
      expect(fake.requests).toHaveLength(1);
      const [sent] = fake.requests;
      expect(sent?.headers.authorization).toBe('Bearer sk-test-123456');
      expect(sent?.body).toMatchObject({ model: 'good-model', stream: false, temperature: 0.2 });
      // What a provider receives must be a valid chat completion request, as the contract says.
      const request = OpenAiChatCompletionRequestSchema.parse(sent?.body);
      const parts = request.messages[0]?.content;
      if (!Array.isArray(parts)) throw new Error('expected content parts');
      expect(parts.map((part) => part.type)).toEqual(['text', 'image_url']);
      const imagePart = parts[1];
      const dataUrl = imagePart?.type === 'image_url' ? imagePart.image_url.url : '';
      expect(dataUrl).toMatch(/^data:image\/jpeg;base64,/);
      const sentImage = await sharp(Buffer.from(dataUrl.split(',')[1] ?? '', 'base64')).metadata();
      expect(sentImage).toMatchObject({ format: 'jpeg', width: 200, height: 100 });
    });

    it('walks the chain past failing models', async () => {
      await route('broken-model', 'empty-model', 'good-model');
      fake.requests.length = 0;
      const res = await analyzeJson({ file_id: pngId });
      expect(res.body).toMatchObject({ analyzed_by: 'openai_vision', description: '一面左红右蓝的旗帜。' });
      expect(fake.requests.map(modelOf)).toEqual(['broken-model', 'empty-model', 'good-model']);
    });

    it('falls back to the local analysis when every model fails', async () => {
      await route('broken-model', 'empty-model');
      const res = await analyzeJson({ file_id: pngId });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expectedRedBlue(res.body.file_size));
    });

    it('also for a direct upload', async () => {
      await route('good-model');
      const res = await postForm<Analysis>(gw.url, '/api/v1/images/analyze', alice, [
        { field: 'image', content: await fixtures.cameraJpeg(), filename: 'p.jpg' },
      ]);
      expect(res.body).toMatchObject({ analyzed_by: 'openai_vision', exif: { Make: 'Canon' } });
    });
  });
});
