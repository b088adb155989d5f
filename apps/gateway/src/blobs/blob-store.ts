import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ApiError } from '../http/api-error';

export const isMissing = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/** Bytes `start` to `end` of a blob, both included (as in a Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

/** A blob's bytes as a local file, for readers that decode by path (sharp); `release()` when done. */
export interface LocalCopy {
  path: string;
  release(): Promise<void>;
}

/** A thumbnail ready to stream. */
export interface StoredThumbnail {
  stream: Readable;
  size: number;
}

/**
 * Content-addressed storage of file bytes, keyed by their SHA-256 (lowercase hex), with a cached
 * JPEG thumbnail beside each blob. Reference counting lives in the database; a store only moves
 * bytes. Content arrives in a local temp file first (hashed and sniffed there) and is then placed
 * under its hash, so a blob only ever holds complete content. Implementations: the file system
 * under DATA_DIR (fs-blob-store.ts) and an S3-compatible bucket (s3-blob-store.ts). A store that
 * cannot be reached throws `storageUnavailable` (503), never a bare error.
 */
export interface BlobStore {
  /** Where the blobs are, for people: a directory or `s3://bucket/prefix`. */
  readonly location: string;
  /** A fresh local temp path (DATA_DIR/blobs/tmp, created on demand) for content arriving. */
  tempPath(): Promise<string>;
  /**
   * Stores a finished temp file as `hash` unless that blob is already there (identical bytes by
   * construction), and removes the temp file. Returns whether it stored the bytes. Should it
   * fail, nothing is stored under `hash` and the temp file is still the caller's.
   */
  place(tempPath: string, hash: string): Promise<boolean>;
  exists(hash: string): Promise<boolean>;
  /** The blob's bytes (or one range of them); undefined when they are gone. */
  read(hash: string, range?: ByteRange): Promise<Readable | undefined>;
  /** The blob's bytes as a local file; undefined when they are gone. */
  localCopy(hash: string): Promise<LocalCopy | undefined>;
  readThumbnail(hash: string): Promise<StoredThumbnail | undefined>;
  /** Stores a rendered thumbnail (a temp file, consumed) for the blob. */
  placeThumbnail(tempPath: string, hash: string): Promise<void>;
  /** Removes the blob and its thumbnail; already gone is fine. */
  remove(hash: string): Promise<void>;
  /** Deletes local temp files left by uploads that died with the process. */
  sweepTemp(olderThanMs: number, now: Date): Promise<number>;
  /** Resolves when the store can be used; rejects with a message for the operator otherwise. */
  check(): Promise<void>;
}

/** What a request that needs stored bytes answers while the store does not answer. */
export const storageUnavailable = (cause: unknown) =>
  new ApiError(
    'service_unavailable',
    '文件存储不可用',
    `存储服务未响应: ${cause instanceof Error ? cause.message : String(cause)}`,
  );

/** Blob paths and keys: ab/cd/<hash>, thumbnail beside (the same layout on every store). */
export const blobKey = (hash: string) => `${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
export const thumbnailKey = (hash: string) => `${blobKey(hash)}.thumb.jpg`;

/** Temp files on this instance's disk, for content on its way in (both stores stage here). */
export class LocalTemp {
  constructor(readonly dir: string) {}

  async path(): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    return path.join(this.dir, randomUUID());
  }

  /** Only old ones: another instance sharing DATA_DIR may be writing the recent ones. */
  async sweep(olderThanMs: number, now: Date): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if (isMissing(e)) return 0;
      throw e;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now.getTime() - info.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

/** A stream's bytes in pieces of exactly `size` bytes (the last one shorter), for archive lines. */
export async function* inPieces(stream: Readable, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    pending.push(chunk);
    length += chunk.length;
    while (length >= size) {
      const all = Buffer.concat(pending, length);
      yield all.subarray(0, size);
      pending = [all.subarray(size)];
      length -= size;
    }
  }
  if (length > 0) yield Buffer.concat(pending, length);
}

/** A whole stream in memory (callers bound its size: files are at most 20 MB). */
export async function readAllOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** unlink that does not mind the file being gone already. */
export async function removeFile(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
}
