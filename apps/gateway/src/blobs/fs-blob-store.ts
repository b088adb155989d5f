import { mkdir, open, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  type BlobStore,
  type ByteRange,
  blobKey,
  isMissing,
  type LocalCopy,
  LocalTemp,
  removeFile,
  type StoredThumbnail,
  thumbnailKey,
} from './blob-store';

const noRelease = async () => {};

/**
 * Blobs as plain files: DATA_DIR/blobs/ab/cd/<sha256>, the thumbnail beside it. Temp files are
 * under blobs/tmp (the same file system) and renamed into place.
 */
export class FsBlobStore implements BlobStore {
  readonly root: string;
  readonly location: string;
  private readonly temp: LocalTemp;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'blobs');
    this.location = this.root;
    this.temp = new LocalTemp(path.join(this.root, 'tmp'));
  }

  pathOf(hash: string): string {
    return path.join(this.root, ...blobKey(hash).split('/'));
  }

  thumbnailPathOf(hash: string): string {
    return path.join(this.root, ...thumbnailKey(hash).split('/'));
  }

  tempPath(): Promise<string> {
    return this.temp.path();
  }

  async place(tempPath: string, hash: string): Promise<boolean> {
    if (await this.exists(hash)) {
      await removeFile(tempPath);
      return false;
    }
    const target = this.pathOf(hash);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempPath, target);
    return true;
  }

  exists(hash: string): Promise<boolean> {
    return isFile(this.pathOf(hash));
  }

  async read(hash: string, range?: ByteRange): Promise<Readable | undefined> {
    const handle = await openIfPresent(this.pathOf(hash));
    return handle?.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async localCopy(hash: string): Promise<LocalCopy | undefined> {
    return (await this.exists(hash)) ? { path: this.pathOf(hash), release: noRelease } : undefined;
  }

  async readThumbnail(hash: string): Promise<StoredThumbnail | undefined> {
    const handle = await openIfPresent(this.thumbnailPathOf(hash));
    if (!handle) return undefined;
    const { size } = await handle.stat();
    return { stream: handle.createReadStream(), size };
  }

  async placeThumbnail(tempPath: string, hash: string): Promise<void> {
    await mkdir(path.dirname(this.thumbnailPathOf(hash)), { recursive: true });
    await rename(tempPath, this.thumbnailPathOf(hash));
  }

  async remove(hash: string): Promise<void> {
    await Promise.all([removeFile(this.pathOf(hash)), removeFile(this.thumbnailPathOf(hash))]);
  }

  sweepTemp(olderThanMs: number, now: Date): Promise<number> {
    return this.temp.sweep(olderThanMs, now);
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }
}

async function openIfPresent(file: string) {
  try {
    return await open(file, 'r');
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}
