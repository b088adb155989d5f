import { request } from 'node:http';
import { connect } from 'node:net';
import { MAX_UPLOAD_BYTES } from '@cyrene/contracts';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobKey, readAllOf } from '../blobs/blob-store';
import { ManualClock } from '../clock/manual-clock';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser } from '../testing/users';
import { BLOB_STORE_KINDS, useTestBlobStore } from './testing/blob-stores';
import * as fixtures from './testing/fixtures';
import { getBytes, postForm, type UploadedBody, upload } from './testing/multipart-client';

const SHA256 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f-]{36}$/;

describe.each(BLOB_STORE_KINDS)('§6 files (blob store: %s)', (kind) => {
  const store = useTestBlobStore(kind);
  /** Every blob, thumbnail and temp file the gateway keeps. */
  const blobFiles = (gw: TestGateway) => store.stored(gw);
  let gw: TestGateway;
  const clock = new ManualClock();
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    gw = await startTestGateway({ clock, env: store.env() });
    alice = (await registerTestUser(gw.url, 'alice')).token;
    bob = (await registerTestUser(gw.url, 'bob')).token;
  });
  afterAll(() => gw.close());

  const get = <T>(path: string, token = alice) => call<T>(gw.url, 'GET', `/api/v1${path}`, { token });
  const del = <T>(path: string, token = alice) => call<T>(gw.url, 'DELETE', `/api/v1${path}`, { token });

  describe('POST /files/upload', () => {
    it('stores a file and answers 201 with its id, sanitised name, sniffed type, size and url', async () => {
      const res = await upload(gw.url, alice, 'hello, 世界\n', 'greeting.txt', 'text/plain');
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        filename: 'greeting.txt',
        mime_type: 'text/plain',
        size: Buffer.byteLength('hello, 世界\n'),
        url: `/api/v1/files/${res.body.id}/download`,
      });
    });

    it('decides the type by content: a PNG named .pdf and declared application/pdf is stored as PNG', async () => {
      const res = await upload(gw.url, alice, await fixtures.redBluePng(), 'scan.pdf', 'application/pdf');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ filename: 'scan.pdf', mime_type: 'image/png' });
    });

    it('refuses an HTML page declared as image/png', async () => {
      const html = '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>';
      const res = await upload(gw.url, alice, html, 'cat.png', 'image/png');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: '不支持的文件类型: text/html',
        errorType: 'unsupported_type',
        hint: expect.any(String),
      });
    });

    it('refuses a binary outside the allow-list, naming what it is', async () => {
      const zip = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Buffer.alloc(18)]);
      const res = await upload(gw.url, alice, zip, 'archive.zip', 'application/zip');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: '不支持的文件类型: application/zip',
        errorType: 'unsupported_type',
      });
    });

    it('tells Markdown from plain text by the name', async () => {
      expect((await upload(gw.url, alice, '# 标题\n', 'notes.md', 'text/plain')).body.mime_type).toBe(
        'text/markdown',
      );
    });

    it('sanitises the name: no path, no control or bidi characters, Unicode kept', async () => {
      const cases: [string, string][] = [
        ['../../etc/passwd', 'passwd'],
        ['C:\\Users\\me\\报告 2024.txt', '报告 2024.txt'],
        ['发票\u202Etxt.exe', '发票txt.exe'],
        ['tab\there.txt', 'tabhere.txt'],
        ['CON.txt', '_CON.txt'],
        ['what?.txt', 'what_.txt'],
        ['trailing dots...', 'trailing dots'],
        ['..', 'file'],
      ];
      for (const [given, stored] of cases) {
        const res = await upload(gw.url, alice, 'x', given, 'text/plain');
        expect(res.status, given).toBe(201);
        expect(res.body.filename, given).toBe(stored);
      }
    });

    it('accepts exactly 20 MB', async () => {
      const res = await upload(gw.url, alice, Buffer.alloc(MAX_UPLOAD_BYTES, 'a'), 'big.txt', 'text/plain');
      expect(res.status).toBe(201);
      expect(res.body.size).toBe(MAX_UPLOAD_BYTES);
    });

    it('refuses 20 MB + 1 byte and leaves nothing on disk or in the list', async () => {
      const before = await blobFiles(gw);
      const listed = await get<{ total: number }>('/files');
      const res = await upload(
        gw.url,
        alice,
        Buffer.alloc(MAX_UPLOAD_BYTES + 1, 'b'),
        'big.txt',
        'text/plain',
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: '文件大小超过限制 (最大 20MB)', errorType: 'file_too_large' });
      expect(await blobFiles(gw)).toEqual(before);
      expect((await get<{ total: number }>('/files')).body.total).toBe(listed.body.total);
    });

    it('cuts off a body declared far beyond the limit (over 64 MB) without reading it', async () => {
      // node:http, so the answer can be read while the body is still unsent.
      const answer = await new Promise<{ status: number; connection: string; body: string }>(
        (resolve, reject) => {
          const req = request(`${gw.url}/api/v1/files/upload`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${alice}`,
              'content-type': 'multipart/form-data; boundary=x',
              'content-length': String(MAX_UPLOAD_BYTES * 4),
            },
          });
          req.on('response', (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              body += chunk;
            });
            res.on('end', () => {
              resolve({ status: res.statusCode ?? 0, connection: res.headers.connection ?? '', body });
              req.destroy();
            });
          });
          req.on('error', reject);
          req.write('--x\r\n');
        },
      );
      expect(answer.status).toBe(400);
      expect(answer.connection).toBe('close');
      expect(JSON.parse(answer.body)).toEqual({
        error: '文件大小超过限制 (最大 20MB)',
        errorType: 'file_too_large',
      });
    });

    it('a client still sending a body declared over the limit reads the whole refusal', async () => {
      const total = MAX_UPLOAD_BYTES + 4 * 1024 * 1024;
      const answer = await uploadWhileReading(gw.url, alice, total);
      expect(answer.error).toBeUndefined();
      expect(answer.head).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(answer.body)).toEqual({
        error: '文件大小超过限制 (最大 20MB)',
        errorType: 'file_too_large',
      });
    });

    it('a client that disconnects mid-upload leaves no temp file behind', async () => {
      const before = await blobFiles(gw);
      const req = request(`${gw.url}/api/v1/files/upload`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${alice}`,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(1024 * 1024),
        },
      });
      const failed = new Promise<void>((resolve) => req.on('error', () => resolve()));
      req.write('--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n');
      req.write(Buffer.alloc(64 * 1024, 'a'));
      // The gateway is part way through: its temp file exists.
      await expect.poll(async () => (await blobFiles(gw)).length).toBeGreaterThan(before.length);
      req.destroy();
      await failed;
      // The server notices the reset, stops the write and removes the partial file.
      await expect.poll(() => blobFiles(gw)).toEqual(before);
    });

    it('answers 400 for a file part with an empty name (busboy names it undefined), without hanging', async () => {
      const res = await call(gw.url, 'POST', '/api/v1/files/upload', {
        token: alice,
        rawBody: '--x\r\ncontent-disposition: form-data; name=""; filename="a.txt"\r\n\r\nhello\r\n--x--\r\n',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: '缺少必填字段: file', errorType: 'validation_failed' });
    });

    it('answers 400 without a file field, for a body that is not multipart, and for a broken form', async () => {
      const noFile = await postForm(gw.url, '/api/v1/files/upload', alice, [
        { field: 'note', content: 'hi' },
      ]);
      expect(noFile.status).toBe(400);
      expect(noFile.body).toEqual({
        error: '缺少必填字段: file',
        errorType: 'validation_failed',
        hint: expect.any(String),
      });

      const json = await call(gw.url, 'POST', '/api/v1/files/upload', { token: alice, body: { file: 'x' } });
      expect(json.status).toBe(400);
      expect(json.body).toMatchObject({
        error: '请求体必须是 multipart/form-data',
        errorType: 'validation_failed',
      });

      const broken = await call(gw.url, 'POST', '/api/v1/files/upload', {
        token: alice,
        rawBody: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunfinished',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
      });
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({
        error: 'multipart 请求体格式无效',
        errorType: 'validation_failed',
      });
      expect((await blobFiles(gw)).filter((f) => f.startsWith('tmp'))).toEqual([]);
    });

    it('answers 401 without a token', async () => {
      const res = await postForm(gw.url, '/api/v1/files/upload', undefined, [
        { field: 'file', content: 'x', filename: 'a.txt' },
      ]);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ errorType: 'unauthorized' });
    });
  });

  describe('GET /files, GET /files/:id', () => {
    let carol: string;
    const ids: string[] = [];

    beforeAll(async () => {
      carol = (await registerTestUser(gw.url, 'carol')).token;
      for (const name of ['one.txt', 'two.txt', 'three.png']) {
        clock.advance(1000);
        const content = name.endsWith('.png') ? await fixtures.redBluePng() : `${name}\n`;
        ids.push((await upload(gw.url, carol, content, name)).body.id);
      }
    });

    it('lists the caller’s files newest first, paged, with the total', async () => {
      const first = await get<{ files: { id: string }[]; total: number; page: number; limit: number }>(
        '/files?page=1&limit=2',
        carol,
      );
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ total: 3, page: 1, limit: 2 });
      expect(first.body.files.map((f) => f.id)).toEqual([ids[2], ids[1]]);
      const second = await get<{ files: { id: string }[] }>('/files?page=2&limit=2', carol);
      expect(second.body.files.map((f) => f.id)).toEqual([ids[0]]);
    });

    it('gives the spec’s File object; thumbnail_url for images only', async () => {
      const png = await get(`/files/${ids[2]}`, carol);
      expect(png.status).toBe(200);
      expect(png.body).toEqual({
        id: ids[2],
        user_id: 'user_carol',
        filename: 'three.png',
        mime_type: 'image/png',
        size: expect.any(Number),
        hash: expect.stringMatching(SHA256),
        is_public: false,
        created_at: clock.now().getTime(),
        url: `/api/v1/files/${ids[2]}/download`,
        thumbnail_url: `/api/v1/files/${ids[2]}/thumbnail`,
      });
      const text = await get<Record<string, unknown>>(`/files/${ids[0]}`, carol);
      expect(text.body).not.toHaveProperty('thumbnail_url');
    });

    it('validates paging', async () => {
      const res = await get('/files?limit=0', carol);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorType: 'validation_failed' });
    });

    it('answers 404 for an unknown or malformed id', async () => {
      for (const id of ['3f1c2a7e-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await get(`/files/${id}`, carol);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: '文件不存在', errorType: 'not_found' });
      }
    });
  });

  describe('GET /files/:id/download', () => {
    const content = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'.repeat(3)); // 108 bytes
    let file: UploadedBody;

    beforeAll(async () => {
      file = (await upload(gw.url, alice, content, '数据 v1.txt', 'text/plain')).body;
    });

    it('streams the whole file with type, UTF-8 disposition, ETag, nosniff', async () => {
      const res = await getBytes(gw.url, file.url, alice);
      expect(res.status).toBe(200);
      expect(res.bytes.equals(content)).toBe(true);
      const meta = await get<{ hash: string }>(`/files/${file.id}`);
      expect(Object.fromEntries(res.headers)).toMatchObject({
        'content-type': 'text/plain; charset=utf-8',
        'content-length': '108',
        'content-disposition': `inline; filename="__ v1.txt"; filename*=UTF-8''%E6%95%B0%E6%8D%AE%20v1.txt`,
        etag: `"${meta.body.hash}"`,
        'accept-ranges': 'bytes',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      });
    });

    it.each([
      ['bytes=0-0', 0, 0],
      ['bytes=10-19', 10, 19],
      ['bytes=100-', 100, 107],
      ['bytes=-5', 103, 107],
      ['bytes=100-500', 100, 107],
    ])('Range %s → 206 with that slice', async (range, start, end) => {
      const res = await getBytes(gw.url, file.url, alice, { range });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/108`);
      expect(res.headers.get('content-length')).toBe(String(end - start + 1));
      expect(res.bytes.equals(content.subarray(start, end + 1))).toBe(true);
    });

    it('an unsatisfiable range → 416 with the size', async () => {
      const res = await call(gw.url, 'GET', file.url, { token: alice, headers: { range: 'bytes=200-300' } });
      expect(res.status).toBe(416);
      expect(res.headers.get('content-range')).toBe('bytes */108');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body).toEqual({ error: '请求的范围超出文件大小', hint: '文件大小为 108 字节' });
    });

    it('a malformed range, several ranges, or an If-Range for another version → the whole file', async () => {
      const cases: Record<string, string>[] = [
        { range: 'bytes=abc' },
        { range: 'bytes=5-2' },
        { range: 'items=0-1' },
        { range: 'bytes=0-1,5-6' },
        { range: 'bytes=0-1', 'if-range': '"another"' },
      ];
      for (const headers of cases) {
        const res = await getBytes(gw.url, file.url, alice, headers);
        expect(res.status).toBe(200);
        expect(res.bytes.length).toBe(108);
      }
    });

    it('serves SVG only as an attachment under a sandboxing CSP', async () => {
      const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
      const up = await upload(gw.url, alice, svg, 'logo.svg', 'image/svg+xml');
      expect(up.body.mime_type).toBe('image/svg+xml');
      const res = await getBytes(gw.url, up.body.url, alice);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(res.headers.get('content-security-policy')).toContain('sandbox');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('serves a PDF as an attachment, an image inline', async () => {
      const pdf = await upload(gw.url, alice, fixtures.pdf(), 'a.pdf');
      expect((await getBytes(gw.url, pdf.body.url, alice)).headers.get('content-disposition')).toMatch(
        /^attachment/,
      );
      const png = await upload(gw.url, alice, await fixtures.redBluePng(), 'a.png');
      const res = await getBytes(gw.url, png.body.url, alice);
      expect(res.headers.get('content-disposition')).toMatch(/^inline/);
      expect(res.headers.get('content-type')).toBe('image/png');
    });
  });

  describe('GET /files/:id/thumbnail', () => {
    it('images: a JPEG within 300×300, EXIF orientation applied, cached in the blob store', async () => {
      const up = await upload(gw.url, alice, await fixtures.rotatedJpeg(), 'rotated.jpg');
      const res = await getBytes(gw.url, `/api/v1/files/${up.body.id}/thumbnail`, alice);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
      // Stored 400×200 with orientation 6: shown 200×400, so the thumbnail is 150×300,
      // and the left (red) half of the stored pixels is now on top.
      const thumb = sharp(res.bytes);
      expect(await thumb.metadata()).toMatchObject({ format: 'jpeg', width: 150, height: 300 });
      const { data } = await thumb.raw().toBuffer({ resolveWithObject: true });
      const pixel = (x: number, y: number) => [...data.subarray((y * 150 + x) * 3, (y * 150 + x) * 3 + 3)];
      expect(pixel(75, 40)[0]).toBeGreaterThan(200);
      expect(pixel(75, 40)[2]).toBeLessThan(60);
      expect(pixel(75, 260)[2]).toBeGreaterThan(200);
      expect(pixel(75, 260)[0]).toBeLessThan(60);

      const meta = await get<{ hash: string }>(`/files/${up.body.id}`);
      const hash = meta.body.hash;
      expect(await blobFiles(gw)).toContain(`${blobKey(hash)}.thumb.jpg`);
      const cached = await gw.services.blobs.readThumbnail(hash);
      expect(cached && (await readAllOf(cached.stream)).equals(res.bytes)).toBe(true);
      const again = await getBytes(gw.url, `/api/v1/files/${up.body.id}/thumbnail`, alice);
      expect(again.bytes.equals(res.bytes)).toBe(true);
    });

    it('a small image is not enlarged; an animated GIF gives its first frame', async () => {
      const gif = await upload(gw.url, alice, await fixtures.animatedGif(), 'anim.gif');
      const res = await getBytes(gw.url, `/api/v1/files/${gif.body.id}/thumbnail`, alice);
      expect(await sharp(res.bytes).metadata()).toMatchObject({ width: 40, height: 30 });
      const { data } = await sharp(res.bytes).raw().toBuffer({ resolveWithObject: true });
      expect(data[0]).toBeGreaterThan(240); // the first frame is white
    });

    it('an SVG is rendered to a JPEG thumbnail too', async () => {
      const svg =
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"><rect width="600" height="300" fill="#0000ff"/></svg>';
      const up = await upload(gw.url, alice, svg, 'wide.svg');
      const res = await getBytes(gw.url, `/api/v1/files/${up.body.id}/thumbnail`, alice);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(await sharp(res.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 300, height: 150 });
      const { data } = await sharp(res.bytes).raw().toBuffer({ resolveWithObject: true });
      expect(data[2]).toBeGreaterThan(200);
    });

    it('refuses an image bomb without decoding it', async () => {
      const bomb = fixtures.bombPng(30_000, 30_000);
      expect(bomb.length).toBeLessThan(2048);
      const up = await upload(gw.url, alice, bomb, 'bomb.png');
      expect(up.body.mime_type).toBe('image/png');
      const res = await call(gw.url, 'GET', `/api/v1/files/${up.body.id}/thumbnail`, { token: alice });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: '图片像素过多 (最大 100 百万像素)',
        errorType: 'file_too_large',
        hint: expect.any(String),
      });
    });

    it('other files: the SVG placeholder of their type', async () => {
      const up = await upload(gw.url, alice, fixtures.pdf(), 'doc.pdf');
      const res = await getBytes(gw.url, `/api/v1/files/${up.body.id}/thumbnail`, alice);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
      expect(res.bytes.toString()).toContain('>PDF</text>');
      expect(await sharp(res.bytes).metadata()).toMatchObject({ format: 'svg', width: 300, height: 300 });
    });
  });

  describe('identical content is stored once', () => {
    it('two uploads share one blob; each deletes independently; the last takes the blob', async () => {
      // Bytes nobody else uploaded: blobs are shared by identical content across all users.
      const bytes = await fixtures.solidPng(7, 7, { r: 1, g: 2, b: 3 });
      const first = (await upload(gw.url, bob, bytes, 'a.png')).body;
      const second = (await upload(gw.url, bob, bytes, 'b.png')).body;
      expect(first.id).not.toBe(second.id);
      const hash = (await get<{ hash: string }>(`/files/${first.id}`, bob)).body.hash;
      expect((await get<{ hash: string }>(`/files/${second.id}`, bob)).body.hash).toBe(hash);
      const blob = blobKey(hash);
      expect((await blobFiles(gw)).filter((f) => f === blob)).toHaveLength(1);
      // A thumbnail, so the last delete has one to take too.
      expect((await getBytes(gw.url, `/api/v1/files/${first.id}/thumbnail`, bob)).status).toBe(200);

      const removed = await del(`/files/${first.id}`, bob);
      expect(removed.status).toBe(200);
      expect(removed.body).toEqual({ status: 'deleted' });
      expect((await get(`/files/${first.id}`, bob)).status).toBe(404);
      const still = await getBytes(gw.url, second.url, bob);
      expect(still.status).toBe(200);
      expect(still.bytes.equals(bytes)).toBe(true);

      expect((await del(`/files/${second.id}`, bob)).status).toBe(200);
      expect((await blobFiles(gw)).filter((f) => f.includes(hash))).toEqual([]);
      expect((await del(`/files/${second.id}`, bob)).status).toBe(404);
    });
  });

  describe('concurrent uploads and deletes of the same bytes', () => {
    it('keep exactly one blob while any reference is left, and none after', async () => {
      const bytes = await fixtures.solidPng(9, 9, { r: 4, g: 5, b: 6 });
      const ups = await Promise.all(
        Array.from({ length: 6 }, (_, i) => upload(gw.url, bob, bytes, `c${i}.png`)),
      );
      expect(ups.map((r) => r.status)).toEqual(Array(6).fill(201));
      const { hash } = (await get<{ hash: string }>(`/files/${ups[0]?.body.id}`, bob)).body;
      const blob = blobKey(hash);
      expect((await blobFiles(gw)).filter((f) => f === blob)).toHaveLength(1);

      // Half deleted while the same bytes are uploaded again: the blob must survive.
      const [deletes, again] = await Promise.all([
        Promise.all(ups.slice(0, 3).map((r) => del(`/files/${r.body.id}`, bob))),
        Promise.all([upload(gw.url, bob, bytes, 'd0.png'), upload(gw.url, bob, bytes, 'd1.png')]),
      ]);
      expect(deletes.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(again.map((r) => r.status)).toEqual([201, 201]);
      const left = [...ups.slice(3), ...again].map((r) => r.body);
      for (const file of left) {
        const res = await getBytes(gw.url, file.url, bob);
        expect(res.status).toBe(200);
        expect(res.bytes.equals(bytes)).toBe(true);
      }

      await Promise.all(left.map((f) => del(`/files/${f.id}`, bob)));
      expect((await blobFiles(gw)).filter((f) => f.includes(hash))).toEqual([]);
      const rows = await gw.database.db
        .selectFrom('file_blobs')
        .select('ref_count')
        .where('hash', '=', hash)
        .execute();
      expect(rows).toEqual([]);
    });
  });

  describe('stored bytes gone', () => {
    it('download and thumbnail → 404 file_missing; the metadata stays', async () => {
      const text = (await upload(gw.url, alice, 'soon gone\n', 'gone.txt')).body;
      // An image whose thumbnail was made before its bytes went: the cached thumbnail is not served.
      const image = (
        await upload(gw.url, alice, await fixtures.solidPng(5, 5, { r: 9, g: 9, b: 9 }), 'gone.png')
      ).body;
      expect((await getBytes(gw.url, `/api/v1/files/${image.id}/thumbnail`, alice)).status).toBe(200);
      for (const up of [text, image]) {
        const { hash } = (await get<{ hash: string }>(`/files/${up.id}`)).body;
        await store.dropBlob(gw, hash);
        for (const suffix of ['download', 'thumbnail']) {
          const res = await call(gw.url, 'GET', `/api/v1/files/${up.id}/${suffix}`, { token: alice });
          expect(res.status, `${up.filename} ${suffix}`).toBe(404);
          expect(res.body).toEqual({ error: '文件实体不存在(可能已被清理)', errorType: 'file_missing' });
        }
        expect((await get(`/files/${up.id}`)).status).toBe(200);
        expect((await del(`/files/${up.id}`)).status).toBe(200);
      }
    });
  });

  describe('another user’s file', () => {
    it('is 404 on every route, and missing from their list', async () => {
      const own = (await upload(gw.url, alice, await fixtures.redBluePng(), 'private.png')).body;
      const notFound = { error: '文件不存在', errorType: 'not_found' };
      for (const suffix of ['', '/download', '/thumbnail']) {
        const res = await get(`/files/${own.id}${suffix}`, bob);
        expect(res.status, suffix).toBe(404);
        expect(res.body, suffix).toEqual(notFound);
      }
      expect((await del(`/files/${own.id}`, bob)).body).toEqual(notFound);
      const list = await get<{ files: { id: string }[] }>('/files?limit=100', bob);
      expect(list.body.files.map((f) => f.id)).not.toContain(own.id);
      expect((await get(`/files/${own.id}`)).status).toBe(200);
    });
  });
});

/**
 * Sends a multipart upload of `total` bytes over a raw socket as fast as the socket takes it, and
 * reads nothing until all is sent (a busy client): an answer the server sent and then reset the
 * connection under would be lost unread. Then reads the answer and closes.
 */
/** Whether `text` holds a whole HTTP response with a Content-Length body. */
function answerComplete(text: string): boolean {
  const split = text.indexOf('\r\n\r\n');
  const length = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, split))?.[1];
  return split >= 0 && length !== undefined && Buffer.byteLength(text.slice(split + 4)) >= Number(length);
}

function uploadWhileReading(
  baseUrl: string,
  token: string,
  total: number,
): Promise<{ head: string; body: string; error?: string }> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  const received: Buffer[] = [];
  const head = `--x\r\ncontent-disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((resolve) => {
    let sent = 0;
    let error: string | undefined;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
      // Like an HTTP/1.1 client, it reads the answer before closing (a half-close right after
      // the body would let the server drop the request before its refusal goes out).
      socket.resume();
    };
    socket.pause();
    socket.on('data', (data: Buffer) => {
      received.push(data);
      if (answerComplete(Buffer.concat(received).toString('utf8'))) socket.end();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => {
      const text = Buffer.concat(received).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      resolve({ head: text.slice(0, split), body: text.slice(split + 4), ...(error ? { error } : {}) });
    });
    socket.on('connect', () => {
      socket.write(
        `POST /api/v1/files/upload HTTP/1.1\r\nhost: ${hostname}\r\nauthorization: Bearer ${token}\r\n` +
          `content-type: multipart/form-data; boundary=x\r\ncontent-length: ${total + head.length}\r\n\r\n`,
      );
      socket.write(head);
      pump();
    });
  });
}
