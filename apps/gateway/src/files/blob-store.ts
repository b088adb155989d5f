import { randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/**
 * Content-addressed storage as plain files: DATA_DIR/blobs/ab/cd/<sha256>, and a cached
 * thumbnail beside it. Uploads are written under blobs/tmp (same filesystem) and renamed into
 * place, so a blob path only ever holds complete content. Reference counting lives in the
 * database; this class only moves bytes.
 */
export class BlobStore {
  readonly root: string;
  private readonly tempDir: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'blobs');
    this.tempDir = path.join(this.root, 'tmp');
  }

  pathOf(hash: string): string {
    return path.join(this.root, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  thumbnailPathOf(hash: string): string {
    return `${this.pathOf(hash)}.thumb.jpg`;
  }

  /** A fresh path in the temp directory (created on demand). */
  async tempPath(): Promise<string> {
    await mkdir(this.tempDir, { recursive: true });
    return path.join(this.tempDir, randomUUID());
  }

  /**
   * Moves a finished temp file to its blob path unless that blob is already there (identical
   * bytes by construction). Returns whether it moved; a temp file not moved is the caller's.
   */
  async place(tempPath: string, hash: string): Promise<boolean> {
    const target = this.pathOf(hash);
    if (await this.exists(hash)) return false;
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempPath, target);
    return true;
  }

  exists(hash: string): Promise<boolean> {
    return isFile(this.pathOf(hash));
  }

  thumbnailExists(hash: string): Promise<boolean> {
    return isFile(this.thumbnailPathOf(hash));
  }

  /** Opens the blob for reading; undefined when its bytes are gone. */
  open(hash: string): Promise<FileHandle | undefined> {
    return openIfPresent(this.pathOf(hash));
  }

  openThumbnail(hash: string): Promise<FileHandle | undefined> {
    return openIfPresent(this.thumbnailPathOf(hash));
  }

  /** Removes the blob and its thumbnail; already gone is fine. */
  async remove(hash: string): Promise<void> {
    await Promise.all([removeFile(this.pathOf(hash)), removeFile(this.thumbnailPathOf(hash))]);
  }

  /**
   * Deletes temp files left by uploads that died with the process. Only old ones: another
   * instance sharing DATA_DIR may be writing the recent ones.
   */
  async sweepTemp(olderThanMs: number, now: Date): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tempDir);
    } catch (e) {
      if (isMissing(e)) return 0;
      throw e;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.tempDir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now.getTime() - info.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

async function openIfPresent(file: string): Promise<FileHandle | undefined> {
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

/** unlink that does not mind the file being gone already. */
export async function removeFile(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
}
