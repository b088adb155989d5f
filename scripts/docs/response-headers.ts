import type { HeaderObject, OpenAPIObject, ResponseObject, SchemaObject } from 'openapi3-ts/oas31';
import { BINARY_SCHEMA } from './responses';

/*
 * Response headers and the real media types of file downloads: what the gateway's middleware
 * and download routes set (http/request-context.ts, auth/rate-limit.ts, files/download-headers.ts,
 * the export routes), which the ts-rest contract has no place for.
 */

const string: SchemaObject = { type: 'string' };
const seconds: SchemaObject = { type: 'integer', minimum: 0, maximum: 86_400 };

/** `components.headers`, referred to by name below. */
export const HEADERS: Record<string, HeaderObject> = {
  XRequestId: {
    description:
      'The request id, in logs and traces too: the caller’s own `x-request-id` when it sent a usable one, else a generated one',
    schema: string,
  },
  RateLimit: {
    description:
      'IETF draft-7 `limit=5, remaining=4, reset=60`: the window’s limit, what is left, seconds to its end',
    schema: string,
  },
  RateLimitPolicy: { description: 'IETF draft-7 `5;w=60`: requests per window of w seconds', schema: string },
  RetryAfter: { description: 'Seconds to wait before trying again', schema: seconds },
  ContentDisposition: {
    description:
      '`attachment` (or `inline` for types that cannot run script) with `filename="…"` and an RFC 5987 `filename*=UTF-8\'\'…`',
    schema: string,
  },
  ETag: {
    description: 'Strong validator of the bytes (their hash); the bytes behind an id never change',
    schema: string,
  },
  AcceptRanges: {
    description: 'Always `bytes`: send `Range: bytes=a-b` for part of the file',
    schema: string,
  },
  ContentRange: { description: '`bytes a-b/size` on 206; `bytes */size` on 416', schema: string },
  CacheControl: { description: 'How long a cache may keep the answer', schema: string },
};

const ref = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

interface Download {
  /** Media types served, each with its schema (default: binary). */
  media: Record<string, SchemaObject>;
  headers: Record<string, keyof typeof HEADERS>;
}

const FILE_HEADERS = {
  'Content-Disposition': 'ContentDisposition',
  ETag: 'ETag',
  'Accept-Ranges': 'AcceptRanges',
  'Cache-Control': 'CacheControl',
} as const;

/** Non-JSON answers by operationId and status: what is really sent. */
export const DOWNLOADS: Record<string, Record<string, Download>> = {
  files_downloadFile: {
    // Served with the stored file's own type.
    '200': { media: { '*/*': BINARY_SCHEMA }, headers: FILE_HEADERS },
    '206': { media: { '*/*': BINARY_SCHEMA }, headers: { ...FILE_HEADERS, 'Content-Range': 'ContentRange' } },
  },
  files_getFileThumbnail: {
    '200': {
      media: { 'image/jpeg': BINARY_SCHEMA, 'image/svg+xml': { type: 'string' } },
      headers: { ETag: 'ETag', 'Cache-Control': 'CacheControl' },
    },
  },
  sessions_exportSession: {
    '200': {
      media: { 'text/markdown': { type: 'string' }, 'text/plain': { type: 'string' } },
      headers: { 'Content-Disposition': 'ContentDisposition' },
    },
  },
  account_exportAccount: {
    '200': {
      media: {},
      headers: { 'Content-Disposition': 'ContentDisposition', 'Cache-Control': 'CacheControl' },
    },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function addHeaders(response: ResponseObject, headers: Record<string, keyof typeof HEADERS>): void {
  response.headers = { ...response.headers };
  for (const [name, component] of Object.entries(headers)) response.headers[name] = ref(component);
}

/**
 * Adds `x-request-id` to every answer, the rate-limit headers to routes that declare 429 (and
 * `Retry-After` to the 429 itself), and the download headers and media types above.
 * Returns `components.headers`; `doc` is changed in place.
 */
export function documentHeaders(doc: OpenAPIObject): Record<string, HeaderObject> {
  // zod-openapi writes shared responses out whole, never as references.
  const shared = (doc.components?.responses ?? {}) as Record<string, ResponseObject>;
  for (const response of Object.values(shared)) addHeaders(response, { 'x-request-id': 'XRequestId' });
  if (shared.TooManyRequests)
    addHeaders(shared.TooManyRequests, {
      'Retry-After': 'RetryAfter',
      RateLimit: 'RateLimit',
      'RateLimit-Policy': 'RateLimitPolicy',
    });
  // Only downloads answer 416.
  if (shared.RangeNotSatisfiable) addHeaders(shared.RangeNotSatisfiable, { 'Content-Range': 'ContentRange' });
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const limited = '429' in (operation.responses ?? {});
      const downloads = DOWNLOADS[operation.operationId ?? ''] ?? {};
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if ('$ref' in response) continue;
        const typed = response as ResponseObject;
        addHeaders(typed, { 'x-request-id': 'XRequestId' });
        if (limited && status.startsWith('2'))
          addHeaders(typed, { RateLimit: 'RateLimit', 'RateLimit-Policy': 'RateLimitPolicy' });
        const download = downloads[status];
        if (!download) continue;
        addHeaders(typed, download.headers);
        const content = { ...typed.content };
        // `*/*` stands for every type, so it replaces the contract's placeholder octet-stream.
        if ('*/*' in download.media) delete content['application/octet-stream'];
        for (const [mediaType, schema] of Object.entries(download.media)) content[mediaType] = { schema };
        if (Object.keys(content).length > 0) typed.content = content;
      }
    }
  }
  return HEADERS;
}
