import { z } from 'zod';
import { c, meta } from './common/contract';
import { ErrorBodySchema } from './common/errors';

/** §7 图片分析 */

/** Largest image accepted by a multipart `POST /images/analyze`: 10 MB. */
export const MAX_ANALYZE_IMAGE_BYTES = 10 * 1024 * 1024;

/** The image types analysis accepts. */
export const ANALYZABLE_IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/gif'] as const;

export const AnalyzeImageByIdBodySchema = z.object({
  file_id: z
    .string({ required_error: 'file_id 不能为空', invalid_type_error: 'file_id 不能为空' })
    .min(1, 'file_id 不能为空')
    .describe('Id of an image uploaded with POST /files/upload'),
});
export type AnalyzeImageByIdBody = z.infer<typeof AnalyzeImageByIdBodySchema>;

/** The multipart form of `POST /images/analyze` (a JSON `AnalyzeImageByIdBody` is accepted too). */
export interface AnalyzeImageForm {
  file_id?: string;
  file?: Blob;
  image?: Blob;
}

export const ImageColorSchema = z.object({
  hex: z
    .string()
    .regex(/^#[0-9A-F]{6}$/)
    .describe('"#RRGGBB", uppercase'),
  percent: z.number().min(0).max(100).describe('Share of the pixels, 0-100, one decimal'),
});
export type ImageColor = z.infer<typeof ImageColorSchema>;

const ExifScalarSchema = z.union([z.string(), z.number(), z.boolean()]);

/** One readable EXIF value: a scalar, a list of scalars, or a flat object of scalars. */
export const ExifValueSchema = z.union([
  ExifScalarSchema,
  z.array(ExifScalarSchema),
  z.record(z.string(), ExifScalarSchema),
]);
export type ExifValue = z.infer<typeof ExifValueSchema>;

export const ImageAnalysisSchema = z.object({
  format: z.string().describe('Decoded format, lowercase: "jpeg" | "png" | "gif"'),
  width: z.number().int().nonnegative().describe('Pixels'),
  height: z.number().int().nonnegative().describe('Pixels'),
  file_size: z.number().int().nonnegative().describe('Bytes'),
  description: z
    .string()
    .describe(
      'With analyzed_by "openai_vision": the vision model\'s description. With "local": a plain summary built from the measured facts (format, size, colours)',
    ),
  top_colors: z.array(ImageColorSchema).describe('Dominant colours, most frequent first, at most 5'),
  exif: z
    .record(z.string(), ExifValueSchema)
    .describe(
      'Readable EXIF tags by name (e.g. {"Make":"Canon"}); binary tags (MakerNote, embedded thumbnails) are left out; {} when there is none',
    ),
  analyzed_by: z
    .enum(['openai_vision', 'local'])
    .describe('"openai_vision" when a vision model answered, "local" when none is configured or it failed'),
});
export type ImageAnalysis = z.infer<typeof ImageAnalysisSchema>;

export const imagesContract = c.router({
  analyzeImage: {
    method: 'POST',
    path: '/images/analyze',
    summary: '分析',
    description:
      'Two ways. JSON {"file_id":"uuid"} (AnalyzeImageByIdBodySchema) analyses an already uploaded file of the caller. ' +
      'multipart/form-data with field `file` or `image` (max 10 MB, JPEG/PNG/GIF) analyses the upload directly without storing it; ' +
      'a multipart `file_id` text field is the same as the JSON form. ' +
      'Other image types answer 400 unsupported_type, larger ones 400 file_too_large; an unknown or foreign file_id 404. ' +
      'A failing vision model does not fail the request: the local analysis is returned.',
    contentType: 'multipart/form-data',
    body: c.type<AnalyzeImageForm>(),
    responses: { 200: ImageAnalysisSchema, 404: ErrorBodySchema },
    metadata: meta({
      auth: 'user',
      multipart: {
        file: {
          kind: 'file',
          required: false,
          description: 'The image (JPEG/PNG/GIF, max 10 MB); `file` or `image` or `file_id` is required',
          maxBytes: MAX_ANALYZE_IMAGE_BYTES,
        },
        image: {
          kind: 'file',
          required: false,
          description: 'Same as `file`',
          maxBytes: MAX_ANALYZE_IMAGE_BYTES,
        },
        file_id: {
          kind: 'text',
          required: false,
          description: 'Id of an already uploaded image, instead of a file part',
        },
      },
    }),
  },
  getImageAnalysis: {
    method: 'GET',
    path: '/images/analyze/:file_id',
    summary: '按已上传文件分析',
    description: 'Same result as POST /images/analyze with {"file_id"}.',
    pathParams: z.object({ file_id: z.string().describe('Id of an uploaded image') }),
    responses: { 200: ImageAnalysisSchema },
    metadata: meta({ auth: 'user' }),
  },
});
