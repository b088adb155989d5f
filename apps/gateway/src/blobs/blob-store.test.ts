import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type TestS3Server } from '../testing/s3-server';
import { type BlobStore, readAllOf } from './blob-store';
import { FsBlobStore } from './fs-blob-store';
import { createS3Client, S3BlobStore } from './s3-blob-store';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe.each(['fs', 's3'] as const)('BlobStore (%s)', (kind) => {
  let dir: string;
  let s3: TestS3Server | undefined;
  let blobs: BlobStore;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cyrene-blobs-'));
    if (kind === 'fs') {
      blobs = new FsBlobStore(dir);
      return;
    }
    s3 = await startS3Server();
    const env = s3.env('store-test/');
    blobs = new S3BlobStore(
      createS3Client({
        bucket: s3.bucket,
        endpoint: s3.endpoint,
        region: 'us-east-1',
        credentials: {
          accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
          secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
        },
        forcePathStyle: true,
        prefix: 'store-test/',
      }),
      { bucket: s3.bucket, prefix: 'store-test/' },
      dir,
    );
  });
  afterAll(async () => {
    await s3?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A temp file holding `content`, as an upload leaves it. */
  async function staged(content: Buffer | string): Promise<string> {
    const file = await blobs.tempPath();
    await writeFile(file, content);
    return file;
  }

  it('is usable', async () => {
    await expect(blobs.check()).resolves.toBeUndefined();
  });

  it('places a temp file once and consumes it; the same content again is not stored twice', async () => {
    const hash = sha256('x');
    const first = await staged('x');
    expect(await blobs.place(first, hash)).toBe(true);
    const second = await staged('x');
    expect(await blobs.place(second, hash)).toBe(false);
    expect(await readdir(path.dirname(first))).not.toContain(path.basename(first));
    expect(await readdir(path.dirname(second))).not.toContain(path.basename(second));
    expect(await blobs.exists(hash)).toBe(true);
    const stream = await blobs.read(hash);
    expect(stream && (await readAllOf(stream)).toString()).toBe('x');
    await blobs.remove(hash);
    await blobs.remove(hash);
    expect(await blobs.exists(hash)).toBe(false);
    expect(await blobs.read(hash)).toBeUndefined();
    expect(await blobs.localCopy(hash)).toBeUndefined();
  });

  it('stores content larger than one multipart part whole, and reads any range of it', async () => {
    // 12 MiB of a pattern: three parts on S3 (5 MiB each), every byte position distinguishable.
    const content = Buffer.alloc(12 * 1024 * 1024);
    for (let i = 0; i < content.length; i += 4) content.writeUInt32BE(i, i);
    const hash = sha256(content);
    expect(await blobs.place(await staged(content), hash)).toBe(true);
    const whole = await blobs.read(hash);
    expect(whole && sha256(await readAllOf(whole))).toBe(hash);
    const start = 5 * 1024 * 1024 - 3;
    const part = await blobs.read(hash, { start, end: start + 9 });
    expect(part && (await readAllOf(part)).equals(content.subarray(start, start + 10))).toBe(true);
    const copy = await blobs.localCopy(hash);
    expect(copy && sha256(await readFile(copy.path))).toBe(hash);
    await copy?.release();
    await blobs.remove(hash);
  });

  it('keeps a thumbnail beside its blob, and removing the blob takes it', async () => {
    const hash = sha256('image');
    await blobs.place(await staged('image'), hash);
    expect(await blobs.readThumbnail(hash)).toBeUndefined();
    await blobs.placeThumbnail(await staged('jpeg bytes'), hash);
    const thumb = await blobs.readThumbnail(hash);
    expect(thumb?.size).toBe(10);
    expect(thumb && (await readAllOf(thumb.stream)).toString()).toBe('jpeg bytes');
    await blobs.remove(hash);
    expect(await blobs.readThumbnail(hash)).toBeUndefined();
  });

  it('sweeps only local temp files older than the cut-off', async () => {
    const old = await staged('old');
    const fresh = await staged('fresh');
    const now = new Date();
    const twoHoursAgo = new Date(now.getTime() - 2 * 60 * 60 * 1000);
    await utimes(old, twoHoursAgo, twoHoursAgo);
    const before = (await readdir(path.dirname(old))).length;
    expect(await blobs.sweepTemp(60 * 60 * 1000, now)).toBe(1);
    const names = await readdir(path.dirname(old));
    expect(names).toHaveLength(before - 1);
    expect(names).toContain(path.basename(fresh));
  });
});

describe('FsBlobStore', () => {
  it('lays blobs out by hash prefix under DATA_DIR/blobs, thumbnail beside', () => {
    const blobs = new FsBlobStore('/data');
    const hash = 'ab'.repeat(32);
    expect(blobs.pathOf(hash)).toBe(path.join('/data', 'blobs', 'ab', 'ab', hash));
    expect(blobs.thumbnailPathOf(hash)).toBe(`${blobs.pathOf(hash)}.thumb.jpg`);
  });
});

describe('S3BlobStore', () => {
  let s3: TestS3Server;
  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(() => s3.close());

  const storeOn = (bucket: string, endpoint = s3.endpoint) =>
    new S3BlobStore(
      createS3Client({
        bucket,
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        forcePathStyle: true,
        prefix: 'p/',
      }),
      { bucket, prefix: 'p/' },
      tmpdir(),
    );

  it('keys blobs as <prefix>blobs/ab/cd/<hash>', () => {
    const hash = 'cd'.repeat(32);
    expect(storeOn(s3.bucket).keyOf(hash)).toBe(`p/blobs/cd/cd/${hash}`);
  });

  it('says why a bucket cannot be used: missing, or nothing listening', async () => {
    await expect(storeOn('no-such-bucket').check()).rejects.toThrow(
      'the S3 bucket no-such-bucket cannot be used: NoSuchBucket (HTTP 404)',
    );
    // Port 1 on loopback: nothing listens there.
    await expect(storeOn(s3.bucket, 'http://127.0.0.1:1').check()).rejects.toThrow(
      /the S3 bucket cyrene-test cannot be used: .*ECONNREFUSED/,
    );
  });

  it('a multipart upload that fails part way is aborted and leaves no object', async () => {
    // A loopback proxy in front of s3rver that fails every upload of part 2 (of 3), as a service
    // in trouble would, and notes the requests it saw.
    const seen: string[] = [];
    const proxy = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(`${req.method} ${[...url.searchParams.keys()].join(',')}`);
      if (req.method === 'PUT' && url.searchParams.get('partNumber') === '2') {
        req.resume();
        res.writeHead(500, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0"?><Error><Code>InternalError</Code><Message>injected</Message></Error>');
        return;
      }
      const upstream = request(
        `${s3.endpoint}${req.url}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const store = storeOn(s3.bucket, `http://127.0.0.1:${port}`);
      const content = randomBytes(11 * 1024 * 1024);
      const temp = await store.tempPath();
      await writeFile(temp, content);
      const hash = sha256(content);
      await expect(store.place(temp, hash)).rejects.toMatchObject({ status: 503 });
      // Part 2 tried three times, then the upload aborted.
      expect(seen.filter((r) => r === 'PUT partNumber,uploadId,x-id')).toHaveLength(3 + 2);
      expect(seen.at(-1)).toBe('DELETE uploadId,x-id');
      expect(await storeOn(s3.bucket).exists(hash)).toBe(false);
      expect(await s3.keys('p/')).toEqual([]);
      await rm(temp, { force: true });
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  it('answers 503 service_unavailable (not a crash) when the service does not answer', async () => {
    const down = storeOn(s3.bucket, 'http://127.0.0.1:1');
    await expect(down.exists('ab'.repeat(32))).rejects.toMatchObject({
      status: 503,
      errorType: 'service_unavailable',
      message: '文件存储不可用',
    });
    const temp = await down.tempPath();
    await writeFile(temp, 'x');
    await expect(down.place(temp, sha256('x'))).rejects.toMatchObject({ status: 503 });
    await rm(temp, { force: true });
  });
});
