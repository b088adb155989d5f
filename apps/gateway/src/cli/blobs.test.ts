import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobKey } from '../blobs/blob-store';
import { FsBlobStore } from '../blobs/fs-blob-store';
import { openDatabase } from '../db/database';
import { startS3Server, type TestS3Server } from '../testing/s3-server';
import { runCyrene } from './testing/run-cli';

/*
 * The CLI with stored files in an S3 bucket (s3rver on loopback): the start refuses a bucket it
 * cannot use, backups carry the objects, and blobs:migrate moves an installation between
 * DATA_DIR/blobs and the bucket.
 */

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const content = (n: number) => Buffer.from(`stored file number ${n}\n`.repeat(1000 * n));

describe('cyrene with files in an S3 bucket', () => {
  let work: string;
  let dataDir: string;
  let s3: TestS3Server;
  let env: Record<string, string | undefined>;
  const prefix = 'cli/';
  const good = [1, 2, 3].map(content);
  /** Named by the database, its bytes in DATA_DIR do not hash to its name. */
  const damaged = content(4);
  const damagedHash = sha256(damaged);
  /** Named by the database, absent from DATA_DIR. */
  const missingHash = sha256(Buffer.from('never stored'));

  const cyrene = (args: string[], extra: Record<string, string | undefined> = {}) =>
    runCyrene(args, { ...env, ...extra }, work);
  const bucketKeys = async () => (await s3.keys(`${prefix}blobs/`)).sort();

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'cyrene-cli-s3-'));
    dataDir = path.join(work, 'data');
    s3 = await startS3Server();
    const { DATABASE_URL: _pg, ...inherited } = process.env;
    env = {
      ...inherited,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ...s3.env(prefix),
    };
    expect((await cyrene(['db:migrate'])).code).toBe(0);
    // Blobs stored the way the file-system store keeps them, and counted in the database.
    const files = new FsBlobStore(dataDir);
    for (const bytes of [...good, damaged]) {
      const temp = await files.tempPath();
      await writeFile(temp, bytes);
      await files.place(temp, sha256(bytes));
    }
    await writeFile(files.pathOf(damagedHash), 'bit rot');
    const database = await openDatabase({ dataDir });
    try {
      const hashes = [...good.map(sha256), damagedHash, missingHash];
      await database.db
        .insertInto('file_blobs')
        .values(hashes.map((hash) => ({ hash, size: 1, ref_count: 1 })))
        .execute();
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await s3?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('start refuses a bucket that is not there, in words, exit 1, no stack', async () => {
    const run = await cyrene(['start'], { S3_BUCKET: 'no-such-bucket' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Cyrene Gateway failed to start: stored files: the S3 bucket no-such-bucket cannot be used: NoSuchBucket (HTTP 404)',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('blobs:migrate --to s3 copies each blob whose hash checks out, and names the others', async () => {
    const run = await cyrene(['blobs:migrate', '--to', 's3']);
    expect(run.stdout).toContain('3 copied, 0 already there, 1 missing, 1 damaged');
    expect(run.stdout).toContain(`missing from the source: ${missingHash}`);
    expect(run.stdout).toContain(`damaged (content does not match its hash), not copied: ${damagedHash}`);
    expect(run.code).toBe(1);
    expect(await bucketKeys()).toEqual(good.map((b) => blobKey(sha256(b))).sort());
  });

  it('blobs:migrate resumes: only what is not in the target yet is copied', async () => {
    const [first] = good.map(sha256);
    await s3.deleteKey(`${prefix}blobs/${blobKey(first ?? '')}`);
    const run = await cyrene(['blobs:migrate', '--to', 's3']);
    expect(run.stdout).toContain('1 copied, 2 already there, 1 missing, 1 damaged');
    expect(await bucketKeys()).toEqual(good.map((b) => blobKey(sha256(b))).sort());
  });

  it('db:backup takes the objects from the bucket, unless --no-blobs', async () => {
    await rm(path.join(dataDir, 'blobs'), { recursive: true, force: true });
    const file = path.join(work, 'backup.jsonl.gz');
    const run = await cyrene(['db:backup', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 stored files');
    expect(run.stdout).toContain(`missing from s3://${s3.bucket}/${prefix}blobs/`);
    const lines = gunzipSync(await readFile(file))
      .toString('utf8')
      .split('\n');
    const blobs = new Map<string, Buffer[]>();
    for (const line of lines.filter((l) => l.startsWith('{"blob"'))) {
      const { blob, data } = JSON.parse(line) as { blob: string; data: string };
      blobs.set(blob, [...(blobs.get(blob) ?? []), Buffer.from(data, 'base64')]);
    }
    expect([...blobs.keys()].sort()).toEqual(good.map(sha256).sort());
    for (const [hash, pieces] of blobs) expect(sha256(Buffer.concat(pieces))).toBe(hash);

    const without = path.join(work, 'rows-only.jsonl');
    expect((await cyrene(['db:backup', without, '--no-blobs'])).code).toBe(0);
    expect(await readFile(without, 'utf8')).not.toContain('{"blob"');
  });

  it('blobs:migrate --to fs brings the bucket back into DATA_DIR/blobs', async () => {
    const run = await cyrene(['blobs:migrate', '--to', 'fs']);
    expect(run.stdout).toContain('3 copied, 0 already there, 2 missing, 0 damaged');
    expect(run.code).toBe(0);
    const files = new FsBlobStore(dataDir);
    for (const bytes of good) expect((await readFile(files.pathOf(sha256(bytes)))).equals(bytes)).toBe(true);
  });

  it('blobs:migrate needs --to s3|fs and a bucket', async () => {
    const wrong = await cyrene(['blobs:migrate', '--to', 'nfs']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--to must be s3 or fs');
    const noBucket = await cyrene(['blobs:migrate', '--to', 's3'], { S3_BUCKET: undefined });
    expect(noBucket.code).toBe(1);
    expect(noBucket.stderr).toContain('error: S3_BUCKET is not set');
  });
});
