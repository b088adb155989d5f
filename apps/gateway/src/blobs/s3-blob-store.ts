import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '../config/config';
import {
  type BlobStore,
  type ByteRange,
  blobKey,
  type LocalCopy,
  LocalTemp,
  removeFile,
  type StoredThumbnail,
  storageUnavailable,
  thumbnailKey,
} from './blob-store';
import { uploadFile } from './s3-upload';

/** An endpoint that does not even accept a connection this long is down. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * No such object: NoSuchKey from a GET; NotFound from a HEAD, which has no body to say more (a
 * missing bucket then fails the upload or read that follows, as 503). A GET in a missing bucket
 * is NoSuchBucket: the store is broken, not the file gone.
 */
const isNotFound = (e: unknown) =>
  e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.name === 'NotFound');

export function createS3Client(s3: S3Settings): S3Client {
  // The gateway supports Node >= 20.12 (package.json engines) and the lock file pins the SDK; its
  // eight-line notice that later SDK releases will need Node 22 is for whoever upgrades the SDK,
  // not for an operator reading the start or a CLI command's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle,
    // Unset: the SDK's default chain (environment, shared config, instance or task role).
    credentials: s3.credentials,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS },
    // Bodies streamed from disk go out as they are, with their length (see s3-upload.ts), the form
    // every S3-compatible service takes; checksums only where an operation requires one
    // (DeleteObjects).
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

/**
 * Blobs as objects in an S3-compatible bucket, keys `<S3_PREFIX>blobs/ab/cd/<sha256>` and the
 * thumbnail beside. Every instance reads and writes the same bucket; only temp files (content on
 * its way in, copies for decoding) are on this instance's disk.
 */
export class S3BlobStore implements BlobStore {
  readonly location: string;
  private readonly temp: LocalTemp;
  private readonly bucket: string;
  private readonly root: string;

  constructor(
    private readonly client: S3Client,
    settings: Pick<S3Settings, 'bucket' | 'prefix'>,
    dataDir: string,
  ) {
    this.bucket = settings.bucket;
    this.root = `${settings.prefix}blobs/`;
    this.location = `s3://${this.bucket}/${this.root}`;
    this.temp = new LocalTemp(path.join(dataDir, 'blobs', 'tmp'));
  }

  keyOf(hash: string): string {
    return this.root + blobKey(hash);
  }

  tempPath(): Promise<string> {
    return this.temp.path();
  }

  async place(tempPath: string, hash: string): Promise<boolean> {
    if (await this.exists(hash)) {
      await removeFile(tempPath);
      return false;
    }
    await this.call(() => uploadFile(this.client, this.bucket, this.keyOf(hash), tempPath));
    await removeFile(tempPath);
    return true;
  }

  exists(hash: string): Promise<boolean> {
    return this.objectExists(this.keyOf(hash));
  }

  async read(hash: string, range?: ByteRange): Promise<Readable | undefined> {
    const object = await this.get(this.keyOf(hash), range);
    return object?.stream;
  }

  async localCopy(hash: string): Promise<LocalCopy | undefined> {
    const object = await this.get(this.keyOf(hash));
    if (!object) return undefined;
    const copy = await this.temp.path();
    try {
      await this.call(() => pipeline(object.stream, createWriteStream(copy, { flags: 'wx' })));
    } catch (e) {
      await removeFile(copy);
      throw e;
    }
    return { path: copy, release: () => removeFile(copy) };
  }

  readThumbnail(hash: string): Promise<StoredThumbnail | undefined> {
    return this.get(this.root + thumbnailKey(hash));
  }

  async placeThumbnail(tempPath: string, hash: string): Promise<void> {
    // A thumbnail is a few kilobytes: one plain PUT.
    const body = await readFile(tempPath);
    await this.call(() =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.root + thumbnailKey(hash),
          Body: body,
          ContentType: 'image/jpeg',
        }),
      ),
    );
    await removeFile(tempPath);
  }

  async remove(hash: string): Promise<void> {
    const keys = [this.keyOf(hash), this.root + thumbnailKey(hash)];
    const result = await this.call(() =>
      this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
        }),
      ),
    );
    const failed = result.Errors?.filter((e) => e.Code !== 'NoSuchKey') ?? [];
    if (failed.length > 0) throw storageUnavailable(new Error(`${failed[0]?.Code}: ${failed[0]?.Message}`));
  }

  sweepTemp(olderThanMs: number, now: Date): Promise<number> {
    return this.temp.sweep(olderThanMs, now);
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (e) {
      throw new Error(`the S3 bucket ${this.bucket} cannot be used: ${describeS3Error(e)}`);
    }
  }

  private async objectExists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw storageUnavailable(describeS3Error(e));
    }
  }

  private async get(key: string, range?: ByteRange): Promise<StoredThumbnail | undefined> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!(object.Body instanceof Readable)) throw new Error('the S3 client returned no Node stream');
      return { stream: object.Body, size: object.ContentLength ?? 0 };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw storageUnavailable(describeS3Error(e));
    }
  }

  /** Runs an S3 call; a failure becomes the 503 a client understands. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw storageUnavailable(describeS3Error(e));
    }
  }
}

/** An S3 failure in words: the service's code and status, or the network's error. */
export function describeS3Error(e: unknown): string {
  if (e instanceof S3ServiceException) {
    const status = e.$metadata.httpStatusCode;
    const code = e.name === 'NotFound' && status === 404 ? 'NoSuchBucket' : e.name;
    return `${code}${status ? ` (HTTP ${status})` : ''}${e.message && e.message !== e.name && e.message !== 'UnknownError' ? `: ${e.message}` : ''}`;
  }
  const err = e as NodeJS.ErrnoException & { errors?: Error[] };
  if (err?.code) return `${err.code}${err.message ? `: ${err.message}` : ''}`;
  return e instanceof Error ? e.message : String(e);
}
