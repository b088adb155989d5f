import type { BlobStore } from '../blobs/blob-store';
import { createBlobStore } from '../blobs/create-blob-store';
import type { AppContext } from '../context';
import { BoundedWork } from '../http/bounded-work';
import { FilesRepository } from './repository';
import { FilesService } from './service';
import { type ImageWork, ThumbnailMaker } from './thumbnails';

/** Temp files older than this are leftovers of uploads that died with their process. */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** Image decodings waiting for a slot beyond which another is refused (503). */
const MAX_QUEUED_IMAGE_WORK = 64;

/**
 * §6 files over one blob store: the one the app was given (the server checks it before
 * starting), else the configured one (S3_BUCKET, or DATA_DIR/blobs).
 */
export function createFilesServices(ctx: AppContext) {
  const blobs: BlobStore = ctx.blobs ?? createBlobStore(ctx.config);
  blobs
    .sweepTemp(STALE_TEMP_MS, ctx.clock.now())
    .then((removed) => removed > 0 && ctx.log.info({ removed }, 'removed stale upload temp files'))
    .catch((err: unknown) => ctx.log.warn({ err }, 'could not sweep upload temp files'));
  // One budget for analyses and thumbnails alike: both decode untrusted images with sharp.
  const imageWork: ImageWork = {
    slots: new BoundedWork(ctx.config.imageConcurrency, MAX_QUEUED_IMAGE_WORK, '图片处理繁忙,请稍后重试'),
    timeoutSeconds: ctx.config.imageAnalysisTimeoutSeconds,
  };
  const files = new FilesService(
    new FilesRepository(ctx.db),
    blobs,
    new ThumbnailMaker(blobs, imageWork),
    ctx.clock,
    ctx.log,
  );
  return { files, blobs, imageWork };
}
