import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from './blob-store';

describe('BlobStore', () => {
  let dir: string;
  let blobs: BlobStore;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cyrene-blobs-'));
    blobs = new BlobStore(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lays blobs out by hash prefix, thumbnail beside', () => {
    const hash = 'ab'.repeat(32);
    expect(path.relative(dir, blobs.pathOf(hash))).toBe(path.join('blobs', 'ab', 'ab', hash));
    expect(blobs.thumbnailPathOf(hash)).toBe(`${blobs.pathOf(hash)}.thumb.jpg`);
  });

  it('places a temp file once; the same content again stays with the caller', async () => {
    const hash = 'cd'.repeat(32);
    const first = await blobs.tempPath();
    await writeFile(first, 'x');
    expect(await blobs.place(first, hash)).toBe(true);
    const second = await blobs.tempPath();
    await writeFile(second, 'x');
    expect(await blobs.place(second, hash)).toBe(false);
    expect(await blobs.exists(hash)).toBe(true);
    await blobs.remove(hash);
    await blobs.remove(hash);
    expect(await blobs.exists(hash)).toBe(false);
    expect(await blobs.open(hash)).toBeUndefined();
  });

  it('sweeps only temp files older than the cut-off', async () => {
    const old = await blobs.tempPath();
    const fresh = await blobs.tempPath();
    await writeFile(old, 'old');
    await writeFile(fresh, 'fresh');
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
