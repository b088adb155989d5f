import type { Response } from 'express';
import { contentDisposition } from './filename';

/** Types shown in place: they cannot run script. Everything else (SVG, PDF, Word) is an attachment. */
const INLINE_SAFE = /^(image\/(jpeg|png|gif|webp)|audio\/[\w.+-]+|video\/[\w.+-]+|text\/(plain|markdown))$/;

/**
 * Nothing fetched from the file's origin, no script, no plugin, a unique origin: even a file a
 * browser chose to render cannot reach the gateway or the user's token.
 */
export const SANDBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** Content-Type as served: text declares its charset (the sniffer only accepts UTF-8 text). */
export const servedType = (mime: string) => (mime.startsWith('text/') ? `${mime}; charset=utf-8` : mime);

/** The headers every download carries, whatever part of it is sent. */
export function setDownloadHeaders(
  res: Response,
  file: { filename: string; mime_type: string; hash: string },
) {
  const disposition = INLINE_SAFE.test(file.mime_type) ? 'inline' : 'attachment';
  res.setHeader('content-type', servedType(file.mime_type));
  res.setHeader('content-disposition', contentDisposition(disposition, file.filename));
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('content-security-policy', SANDBOX_CSP);
  res.setHeader('accept-ranges', 'bytes');
  res.setHeader('etag', `"${file.hash}"`);
  // The bytes behind an id never change; only the owner's own cache may keep them.
  res.setHeader('cache-control', 'private, max-age=86400');
}

export type RangePlan =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * What a `Range` header asks of a `size`-byte file (RFC 9110 §14). One byte range is served as
 * 206 (an end past the file is cut to it; `-N` is the last N bytes); a range starting past the end
 * is 416. A malformed header, several ranges, or an `If-Range` naming another version get the
 * whole file, as the RFC allows.
 */
export function planRange(
  range: string | undefined,
  ifRange: string | undefined,
  size: number,
  etag: string,
): RangePlan {
  if (range === undefined || (ifRange !== undefined && ifRange !== etag)) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(range.trim());
  const [, first = '', last = ''] = match ?? [];
  if (!match || (first === '' && last === '')) return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
