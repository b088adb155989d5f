import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { type BlobStore, removeFile } from '../blobs/blob-store';
import { ApiError } from '../http/api-error';
import type { BoundedWork } from '../http/bounded-work';

/** The thumbnail fits in this square (spec §6: max 300x300). */
export const THUMBNAIL_EDGE = 300;

/**
 * Images with more pixels than this are refused before any pixel is decoded: a few kilobytes of
 * PNG can declare gigapixels (an "image bomb"). 100 MP leaves room for every camera and most
 * panoramas.
 */
export const MAX_INPUT_PIXELS = 100_000_000;

/** Options for opening untrusted images with sharp: the pixel limit, first frame only. */
export const UNTRUSTED_IMAGE = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 } as const;

/**
 * Image decoding, the costly part of analyses and thumbnails: at most IMAGE_CONCURRENCY at once
 * per process (the rest wait, up to 64, then 503), each pipeline given up after
 * IMAGE_ANALYSIS_TIMEOUT_SECONDS (a pathological but small SVG or a broken file must not hold a
 * worker for long).
 */
export interface ImageWork {
  slots: BoundedWork;
  timeoutSeconds: number;
}

/** Turns a sharp failure on a user's image into the error the client sees. */
export function imageError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const reason = e instanceof Error ? e.message : String(e);
  if (/^timeout/i.test(reason)) {
    return new ApiError('unsupported_type', '图片处理超时: 图片过于复杂', reason);
  }
  if (/pixel limit/i.test(reason)) {
    return new ApiError(
      'file_too_large',
      `图片像素过多 (最大 ${MAX_INPUT_PIXELS / 1_000_000} 百万像素)`,
      '图片的宽×高超过处理上限,可能是图片炸弹',
    );
  }
  return new ApiError('unsupported_type', '无法解码图片: 文件已损坏或格式不受支持', reason);
}

/**
 * JPEG thumbnails of stored images, made once per blob and cached in the blob store beside it
 * (`<blob>.thumb.jpg`, shared by every upload of the same bytes, and by every instance on a
 * bucket). Concurrent requests for the same blob on this instance share one rendering; the
 * JPEG is written to a temp file and then placed, so a reader never sees half of it.
 */
export class ThumbnailMaker {
  private readonly rendering = new Map<string, Promise<boolean>>();

  constructor(
    private readonly blobs: BlobStore,
    private readonly work: ImageWork,
  ) {}

  /** Renders and stores the blob's thumbnail; false when the blob's bytes are gone. */
  ensure(hash: string, mime: string): Promise<boolean> {
    const pending = this.rendering.get(hash);
    if (pending) return pending;
    const job = this.render(hash, mime).finally(() => this.rendering.delete(hash));
    this.rendering.set(hash, job);
    return job;
  }

  private async render(hash: string, mime: string): Promise<boolean> {
    const copy = await this.blobs.localCopy(hash);
    if (!copy) return false;
    const temp = await this.blobs.tempPath();
    const source = copy.path;
    try {
      // An SVG is rendered from memory: opened by path, its relative links (<image href>)
      // would resolve against the blob directory.
      const input = mime === 'image/svg+xml' ? await readFile(source) : source;
      await this.work.slots.run(() =>
        sharp(input, UNTRUSTED_IMAGE)
          .autoOrient()
          .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true })
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: 80 })
          .timeout({ seconds: this.work.timeoutSeconds })
          .toFile(temp),
      );
    } catch (e) {
      await removeFile(temp);
      throw imageError(e);
    } finally {
      await copy.release();
    }
    try {
      await this.blobs.placeThumbnail(temp, hash);
    } finally {
      await removeFile(temp);
    }
    return true;
  }
}
