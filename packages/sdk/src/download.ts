import type { AppRoute } from '@ts-rest/core';
import { GatewayError } from './errors';
import { readBody } from './http';
import { type RouteArgs, routeUrl } from './route-types';
import type { Transport } from './transport';

/** A file the gateway sent. */
export interface DownloadedFile {
  blob: Blob;
  /** From Content-Disposition (`filename*` preferred: it carries any Unicode name). */
  filename: string | undefined;
  /** The Content-Type the gateway sent. */
  contentType: string;
  size: number;
  /** HTTP status: 200, or 206 for a `Range` request. */
  status: number;
  headers: Headers;
}

export type Downloader = (route: AppRoute, args?: RouteArgs) => Promise<DownloadedFile>;

/** Decodes an RFC 8187 `charset'lang'value` (the value of `filename*`). */
function extendedValue(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value.trim());
  if (!match) return undefined;
  const [, charset = '', encoded = ''] = match;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const hex = encoded[i] === '%' ? encoded.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(encoded.charCodeAt(i));
  }
  try {
    return new TextDecoder(charset.toLowerCase() || 'utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

/** The filename a Content-Disposition header names, if any. */
export function filenameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^;]+)/i.exec(header)?.[1];
  const decoded = extended === undefined ? undefined : extendedValue(extended);
  if (decoded) return decoded;
  const plain = /(?:^|;)\s*filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/i.exec(header)?.[1]?.trim();
  if (!plain) return undefined;
  return plain.startsWith('"') ? plain.slice(1, -1).replace(/\\(.)/g, '$1') : plain;
}

/** Downloads through the client's transport: bearer token, refresh on 401, retries of GETs on 502/503. */
export function createDownloader(baseUrl: string, transport: Transport): Downloader {
  return async (route, args = {}) => {
    const json = args.body !== undefined;
    const res = await transport.send({
      url: routeUrl(baseUrl, route, args),
      method: route.method,
      headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...args.headers },
      body: json ? () => JSON.stringify(args.body) : undefined,
    });
    if (res.status < 200 || res.status >= 300) throw new GatewayError(res.status, await readBody(res));
    const blob = await res.blob();
    return {
      blob,
      filename: filenameFromDisposition(res.headers.get('content-disposition')),
      contentType: res.headers.get('content-type') ?? blob.type,
      size: blob.size,
      status: res.status,
      headers: res.headers,
    };
  };
}
