import { API_PREFIX, type StoredFile, type UploadedFile } from '@cyrene/contracts';
import type { FileRow } from '../db/schema';

/** Rows → contract types for files: the one place a row becomes the spec's File object. */

export const downloadUrl = (id: string) => `${API_PREFIX}/files/${id}/download`;
export const thumbnailUrl = (id: string) => `${API_PREFIX}/files/${id}/thumbnail`;

/** Images get a JPEG thumbnail; everything else a placeholder icon (and no thumbnail_url). */
export const isImage = (mime: string) => mime.startsWith('image/');

export function toUploadedFile(row: FileRow): UploadedFile {
  return {
    id: row.id,
    filename: row.filename,
    mime_type: row.mime_type,
    size: row.size,
    url: downloadUrl(row.id),
  };
}

export function toStoredFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    user_id: row.user_id,
    filename: row.filename,
    mime_type: row.mime_type,
    size: row.size,
    hash: row.hash,
    is_public: row.is_public,
    created_at: row.created_at.getTime(),
    url: downloadUrl(row.id),
    ...(isImage(row.mime_type) ? { thumbnail_url: thumbnailUrl(row.id) } : {}),
  };
}
