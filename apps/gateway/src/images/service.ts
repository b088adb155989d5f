import type { IncomingMessage } from 'node:http';
import {
  ANALYZABLE_IMAGE_MIME_TYPES,
  AnalyzeImageByIdBodySchema,
  type ImageAnalysis,
  MAX_ANALYZE_IMAGE_BYTES,
} from '@cyrene/contracts';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { removeFile } from '../blobs/blob-store';
import type { FilesService } from '../files/service';
import { sniffFile } from '../files/sniff';
import { type ImageWork, imageError, MAX_INPUT_PIXELS, UNTRUSTED_IMAGE } from '../files/thumbnails';
import { ApiError } from '../http/api-error';
import { validationError } from '../http/validation-error';
import { describeLocally } from './describe';
import { readableExif } from './exif';
import { measureColors } from './palette';
import type { VisionDescriber } from './vision';

/** Colours are measured on a copy this small: plenty for a palette, a few ms to compute. */
const SAMPLE_EDGE = 128;
/** The copy sent to a vision model: enough detail, a fraction of the upload. */
const VISION_EDGE = 1024;

const ANALYZABLE: ReadonlySet<string> = new Set(ANALYZABLE_IMAGE_MIME_TYPES);
const SUPPORTED_HINT = '图片分析支持 JPEG、PNG、GIF';

/** 400 unless the type is one analysis reads. */
function ensureAnalyzable(mime: string): void {
  if (ANALYZABLE.has(mime)) return;
  if (mime.startsWith('image/'))
    throw new ApiError('unsupported_type', `不支持的图片格式: ${mime}`, SUPPORTED_HINT);
  throw new ApiError('unsupported_type', `不是图片文件: ${mime}`, SUPPORTED_HINT);
}

/** A file_id from the JSON body or the multipart text field, validated as the contract says. */
export function fileIdFrom(body: unknown): string {
  const parsed = AnalyzeImageByIdBodySchema.safeParse(body ?? {});
  if (!parsed.success) throw validationError({ body: parsed.error });
  return parsed.data.file_id;
}

/**
 * §7 Image analysis: format, size, dominant colours, readable EXIF, and a description — the
 * vision model's when the admin routed purpose `vision` and it answered, else one written
 * locally from the measurements.
 */
export class ImagesService {
  constructor(
    private readonly files: FilesService,
    private readonly vision: VisionDescriber,
    private readonly work: ImageWork,
  ) {}

  /** An uploaded file of the caller's (404 for anyone else's). */
  async analyzeStored(owner: string, fileId: string): Promise<ImageAnalysis> {
    const file = await this.files.getOwnedFile(owner, fileId);
    ensureAnalyzable(file.mime_type);
    return this.files.withLocalContent(owner, fileId, (stored, path) => this.analyze(path, stored.size));
  }

  /** A multipart request: field `file` or `image` (analysed, never stored), or a `file_id` text field. */
  async analyzeUpload(owner: string, req: IncomingMessage): Promise<ImageAnalysis> {
    const form = await this.files.receiveForm(req, {
      fileFields: ['file', 'image'],
      textFields: ['file_id'],
      maxFileBytes: MAX_ANALYZE_IMAGE_BYTES,
      tooLarge: () => new ApiError('file_too_large', '文件大小超过限制 (最大 10MB)'),
    });
    const upload = form.file;
    if (!upload) {
      if (form.fields.file_id === undefined) {
        throw new ApiError('validation_failed', '缺少图片', '上传 file 或 image 字段,或提供 file_id');
      }
      return this.analyzeStored(owner, fileIdFrom({ file_id: form.fields.file_id }));
    }
    try {
      const sniffed = await sniffFile(upload.path, upload);
      ensureAnalyzable(sniffed.ok ? sniffed.mime : sniffed.detected);
      return await this.analyze(upload.path, upload.size);
    } finally {
      await removeFile(upload.path);
    }
  }

  private async analyze(path: string, fileSize: number): Promise<ImageAnalysis> {
    const measured = await this.measure(path, fileSize);
    const described = await this.describeWithVision(path);
    return {
      ...measured.analysis,
      description: described ?? describeLocally(measured.facts),
      analyzed_by: described ? 'openai_vision' : 'local',
    };
  }

  /** The vision model's description, or undefined (no rule, or no model answered). */
  private async describeWithVision(path: string): Promise<string | undefined> {
    const chain = await this.vision.configured();
    if (chain.length === 0) return undefined;
    let jpeg: Buffer;
    try {
      jpeg = await this.work.slots.run(() => visionCopy(path, this.work.timeoutSeconds));
    } catch {
      return undefined; // measured fine already; the local description stands
    }
    return this.vision.describe(chain, jpeg);
  }

  private async measure(path: string, fileSize: number) {
    let meta: Metadata;
    let sample: { data: Buffer; info: OutputInfo };
    try {
      meta = await sharp(path, UNTRUSTED_IMAGE).metadata();
      // metadata() reads the header only; refuse a bomb before any pixel is decoded.
      if (meta.width * (meta.pageHeight ?? meta.height) > MAX_INPUT_PIXELS)
        throw new Error('exceeds pixel limit');
      sample = await this.work.slots.run(() =>
        sharp(path, UNTRUSTED_IMAGE)
          .autoOrient()
          .resize(SAMPLE_EDGE, SAMPLE_EDGE, { fit: 'inside', kernel: 'nearest', withoutEnlargement: true })
          .toColourspace('srgb')
          .ensureAlpha()
          .raw()
          .timeout({ seconds: this.work.timeoutSeconds })
          .toBuffer({ resolveWithObject: true }),
      );
    } catch (e) {
      throw imageError(e);
    }
    const stats = measureColors(sample.data, sample.info.channels);
    const exif = readableExif(meta.exif);
    // What a viewer shows: EXIF orientation applied, one frame of an animation.
    const width = meta.autoOrient.width;
    const height = meta.pages && meta.pages > 1 && meta.pageHeight ? meta.pageHeight : meta.autoOrient.height;
    const format: string = meta.format;
    return {
      analysis: { format, width, height, file_size: fileSize, top_colors: stats.colors, exif },
      facts: {
        format,
        width,
        height,
        fileSize,
        frames: meta.pages ?? 1,
        colors: stats.colors,
        brightness: stats.brightness,
        opaqueShare: stats.opaqueShare,
        exif,
      },
    };
  }
}

/** The image as a vision model gets it: oriented, at most 1024 px a side, JPEG. */
function visionCopy(path: string, timeoutSeconds: number): Promise<Buffer> {
  return sharp(path, UNTRUSTED_IMAGE)
    .autoOrient()
    .resize(VISION_EDGE, VISION_EDGE, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85 })
    .timeout({ seconds: timeoutSeconds })
    .toBuffer();
}
