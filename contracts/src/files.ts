import { z } from 'zod';
import { c, meta } from './common/contract';
import { ErrorBodySchema } from './common/errors';
import { queryInt } from './common/query';
import { statusBody } from './common/responses';
import { EpochMillisSchema } from './common/time';

/** §6 文件管理 */

/** Largest accepted upload: 20 MB. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** The MIME types `POST /files/upload` accepts (checked against the sniffed content, not only the declared type). */
export const ALLOWED_FILE_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/svg+xml',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
  'text/markdown',
  'audio/mpeg',
  'audio/wav',
  'audio/ogg',
  'audio/webm',
  'video/mp4',
  'video/webm',
] as const;
export type AllowedFileMimeType = (typeof ALLOWED_FILE_MIME_TYPES)[number];

const FileIdSchema = z.string().uuid().describe('File id (UUID)');
const Sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('SHA-256 of the content, lowercase hex');
const DownloadUrlSchema = z.string().describe('"/api/v1/files/<id>/download"');

export const UploadedFileSchema = z.object({
  id: FileIdSchema,
  filename: z
    .string()
    .describe(
      'The client-given name, sanitised: directory parts, control characters and path separators removed',
    ),
  mime_type: z.string().describe('One of ALLOWED_FILE_MIME_TYPES'),
  size: z.number().int().nonnegative().describe('Bytes'),
  url: DownloadUrlSchema,
});
export type UploadedFile = z.infer<typeof UploadedFileSchema>;

/** The spec's "File 对象". Named StoredFile so it never shadows the DOM's global `File`. */
export const StoredFileSchema = UploadedFileSchema.extend({
  user_id: z.string().describe('Owner'),
  hash: Sha256HexSchema,
  is_public: z.boolean().describe('Uploads are private (false); no endpoint changes it yet'),
  created_at: EpochMillisSchema,
  thumbnail_url: z
    .string()
    .optional()
    .describe('"/api/v1/files/<id>/thumbnail"; present only for images (仅图片)'),
});
export type StoredFile = z.infer<typeof StoredFileSchema>;

export const ListFilesQuerySchema = z.object({
  page: queryInt(1, { min: 1 }),
  limit: queryInt(20, { min: 1, max: 100 }),
});
export type ListFilesQuery = z.infer<typeof ListFilesQuerySchema>;

export const FilePageSchema = z.object({
  files: z.array(StoredFileSchema),
  total: z.number().int().nonnegative().describe("All of the caller's files, not only this page"),
  page: z.number().int().min(1),
  limit: z.number().int().min(1),
});
export type FilePage = z.infer<typeof FilePageSchema>;

const FileIdParamsSchema = z.object({ id: z.string().describe('File id') });

export const filesContract = c.router({
  uploadFile: {
    method: 'POST',
    path: '/files/upload',
    summary: '上传',
    description:
      'multipart/form-data, field `file`, at most 20 MB (MAX_UPLOAD_BYTES), type in ALLOWED_FILE_MIME_TYPES. ' +
      'Errors use the shared error body: 400 {"error":"文件大小超过限制 (最大 20MB)","errorType":"file_too_large"}, ' +
      '400 {"error":"不支持的文件类型: <type>","errorType":"unsupported_type"}. ' +
      'A request body far beyond the limit may be cut off earlier with 413.',
    contentType: 'multipart/form-data',
    body: c.type<{ file: Blob }>(),
    responses: { 201: UploadedFileSchema },
    metadata: meta({
      auth: 'user',
      multipart: {
        file: {
          kind: 'file',
          required: true,
          description: 'The file to store (max 20 MB; see ALLOWED_FILE_MIME_TYPES)',
          maxBytes: MAX_UPLOAD_BYTES,
        },
      },
    }),
  },
  listFiles: {
    method: 'GET',
    path: '/files',
    summary: '列表',
    description: "The caller's files, newest first.",
    query: ListFilesQuerySchema,
    responses: { 200: FilePageSchema },
    metadata: meta({ auth: 'user' }),
  },
  getFile: {
    method: 'GET',
    path: '/files/:id',
    summary: '元数据',
    description: "Another user's file answers 404, as an unknown id does.",
    pathParams: FileIdParamsSchema,
    responses: { 200: StoredFileSchema },
    metadata: meta({ auth: 'user' }),
  },
  downloadFile: {
    method: 'GET',
    path: '/files/:id/download',
    summary: '下载',
    description:
      'Streams the content with the stored mime_type as Content-Type, Content-Disposition carrying the filename, ' +
      'Accept-Ranges: bytes and ETag (the hash). A single `Range: bytes=a-b` answers 206 with Content-Range; ' +
      'an unsatisfiable range answers 416. When the metadata exists but the stored content is gone: ' +
      '404 {"error":"文件实体不存在(可能已被清理)","errorType":"file_missing"} (shared error body).',
    pathParams: FileIdParamsSchema,
    headers: z.object({
      range: z.string().optional().describe('Optional, e.g. "bytes=0-1023"'),
    }),
    responses: {
      200: c.otherResponse({ contentType: 'application/octet-stream', body: c.type<Blob>() }),
      206: c.otherResponse({ contentType: 'application/octet-stream', body: c.type<Blob>() }),
      416: ErrorBodySchema,
    },
    metadata: meta({ auth: 'user' }),
  },
  getFileThumbnail: {
    method: 'GET',
    path: '/files/:id/thumbnail',
    summary: '缩略图',
    description:
      'Images: a JPEG thumbnail fitting 300x300. Other files: an SVG placeholder icon (image/svg+xml). ' +
      'Cache-Control: public, max-age=86400. 404 file_missing when the stored content is gone.',
    pathParams: FileIdParamsSchema,
    responses: {
      200: c.otherResponse({ contentType: 'image/jpeg', body: c.type<Blob>() }),
    },
    metadata: meta({ auth: 'user' }),
  },
  deleteFile: {
    method: 'DELETE',
    path: '/files/:id',
    summary: '删除',
    description: 'Removes the metadata and the stored content.',
    pathParams: FileIdParamsSchema,
    responses: { 200: statusBody('deleted') },
    metadata: meta({ auth: 'user' }),
  },
});
