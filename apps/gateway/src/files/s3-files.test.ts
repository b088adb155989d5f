import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobKey } from '../blobs/blob-store';
import { openPostgres } from '../db/database';
import { call } from '../testing/http';
import { startS3Server, type TestS3Server } from '../testing/s3-server';
import { createTestDatabase } from '../testing/test-database';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser } from '../testing/users';
import * as fixtures from './testing/fixtures';
import { getBytes, upload } from './testing/multipart-client';

/*
 * What only a bucket brings: instances that share nothing on disk serve each other's files, and
 * a bucket that does not answer is a clear 503, never a 500 or a half-stored file. Every other
 * files behaviour runs on S3 too, in files.test.ts.
 */

describe.skipIf(!process.env.DATABASE_URL)('§6 files: two instances, one PostgreSQL, one bucket', () => {
  let s3: TestS3Server;
  let a: TestGateway;
  let b: TestGateway;
  let token: string;
  const prefix = 'shared/';

  beforeAll(async () => {
    s3 = await startS3Server();
    // Each test gateway has a DATA_DIR of its own: only the database and the bucket are shared.
    a = await startTestGateway({ env: s3.env(prefix), database: await createTestDatabase() });
    const url = a.database.url;
    if (!url) throw new Error('the PostgreSQL test database has no url');
    b = await startTestGateway({ env: s3.env(prefix), database: openPostgres(url, 4) });
    token = (await registerTestUser(a.url, 'carol')).token;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await s3?.close();
  });

  it('have separate data directories', () => {
    expect(a.config.dataDir).not.toBe(b.config.dataDir);
  });

  it('upload through one; download, thumbnail, analyse and delete through the other', async () => {
    const png = await fixtures.redBluePng();
    const up = await upload(a.url, token, png, 'shared.png');
    expect(up.status).toBe(201);
    const id = up.body.id;
    const { hash } = (await call<{ hash: string }>(b.url, 'GET', `/api/v1/files/${id}`, { token })).body;

    const whole = await getBytes(b.url, `/api/v1/files/${id}/download`, token);
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(png)).toBe(true);
    expect(whole.headers.get('etag')).toBe(`"${hash}"`);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');

    const part = await getBytes(b.url, `/api/v1/files/${id}/download`, token, { range: 'bytes=1-3' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1-3/${png.length}`);
    expect(part.bytes.toString('latin1')).toBe('PNG');

    const thumb = await getBytes(b.url, `/api/v1/files/${id}/thumbnail`, token);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    // Made by b, kept in the bucket: a serves the same bytes.
    expect(await s3.keys(`${prefix}blobs/`)).toEqual([blobKey(hash), `${blobKey(hash)}.thumb.jpg`]);
    const fromA = await getBytes(a.url, `/api/v1/files/${id}/thumbnail`, token);
    expect(fromA.bytes.equals(thumb.bytes)).toBe(true);

    const analysis = await call(b.url, 'POST', '/api/v1/images/analyze', { token, body: { file_id: id } });
    expect(analysis.status).toBe(200);
    expect(analysis.body).toMatchObject({ format: 'png', file_size: png.length });

    expect((await call(b.url, 'DELETE', `/api/v1/files/${id}`, { token })).status).toBe(200);
    expect(await s3.keys(`${prefix}blobs/`)).toEqual([]);
    expect((await call(a.url, 'GET', `/api/v1/files/${id}/download`, { token })).status).toBe(404);
  });

  it('a text file uploaded on one becomes a knowledge document on the other', async () => {
    const up = await upload(a.url, token, '# Notes\n\nThe bucket is shared.\n', 'notes.md');
    const base = await call<{ id: string }>(b.url, 'POST', '/api/v1/knowledge/bases', {
      token,
      body: { name: 'shared notes' },
    });
    const doc = await call<{ content?: string }>(
      b.url,
      'POST',
      `/api/v1/knowledge/bases/${base.body.id}/documents`,
      {
        token,
        body: { title: 'notes', source_type: 'file', file_id: up.body.id },
      },
    );
    expect(doc.status).toBe(201);
    expect(JSON.stringify(doc.body)).toContain('The bucket is shared.');
  });
});

describe('§6 files: a bucket that does not answer', () => {
  let s3: TestS3Server;
  let gw: TestGateway;
  let token: string;
  const prefix = 'gone/';

  beforeAll(async () => {
    s3 = await startS3Server();
    // The gateway is pointed at a bucket that is not there (deleted, or never made).
    gw = await startTestGateway({ env: { ...s3.env(prefix), S3_BUCKET: 'no-such-bucket' } });
    token = (await registerTestUser(gw.url, 'dave')).token;
  });
  afterAll(async () => {
    await gw?.close();
    await s3?.close();
  });

  it('an upload answers 503 and leaves no object, no row and no temp file', async () => {
    const res = await upload(gw.url, token, 'never stored\n', 'lost.txt');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: '文件存储不可用', errorType: 'service_unavailable' });
    const list = await call<{ total: number }>(gw.url, 'GET', '/api/v1/files', { token });
    expect(list.body.total).toBe(0);
    const rows = await gw.database.db.selectFrom('file_blobs').select('hash').execute();
    expect(rows).toEqual([]);
    expect(await s3.keys('')).toEqual([]);
    expect(await gw.services.blobs.sweepTemp(-1, new Date(Date.now() + 60_000))).toBe(0);
  });

  it('readiness answers 503 naming the file storage', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      error: '文件存储不可用',
      errorType: 'service_unavailable',
      hint: expect.any(String),
    });
  });
});
