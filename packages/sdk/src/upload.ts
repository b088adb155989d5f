import type { RouteMetadata } from '@cyrene/contracts';
import { GatewayError } from './errors';
import { type FetchLike, readBody } from './http';
import { type FormPart, formData, knownSize, multipartBody, type UploadSource } from './multipart';
import { type MultipartRoute, routeUrl, type SuccessBody } from './route-types';
import type { Transport } from './transport';

export interface UploadProgress {
  /** Bytes sent so far (of the whole encoded form). */
  loaded: number;
  /** Bytes in all, when known (always for Blobs and bytes; for a stream, when `size` is given). */
  total: number | undefined;
}

/** How one file goes into the form. */
export interface FileOptions {
  /** Default: the File's name, else "upload". */
  filename?: string;
  /** Default: the Blob's type, else application/octet-stream. The gateway checks the content itself. */
  contentType?: string;
  /** The byte count of a stream source, so progress has a total. */
  size?: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  /**
   * How the request is sent. Default: 'xhr' where XMLHttpRequest exists (browsers: the only way to
   * see upload progress there), 'fetch' elsewhere (Node: the body is a counted stream).
   */
  via?: 'fetch' | 'xhr';
}

/** A form value: a file (with its options) or a text field. */
export type FormValue = string | UploadSource | ({ source: UploadSource } & FileOptions);

export type Uploader = <R extends MultipartRoute>(
  route: R,
  fields: Record<string, FormValue>,
  options?: UploadOptions,
) => Promise<SuccessBody<R>>;

const isSourceWithOptions = (value: FormValue): value is { source: UploadSource } & FileOptions =>
  typeof value === 'object' && value !== null && 'source' in value;

/** The form parts of `fields`, checked against the multipart fields the route declares. */
export function formParts(route: MultipartRoute, fields: Record<string, FormValue>): FormPart[] {
  const declared = (route.metadata as RouteMetadata | undefined)?.multipart ?? {};
  for (const [name, field] of Object.entries(declared)) {
    if (field.required && fields[name] === undefined)
      throw new TypeError(`${route.path}: field "${name}" is required`);
  }
  return Object.entries(fields).map(([field, value]) => {
    const kind = declared[field]?.kind;
    if (!kind) throw new TypeError(`${route.path} takes no field "${field}"`);
    if (kind === 'text') {
      if (typeof value !== 'string') throw new TypeError(`${route.path}: field "${field}" is text`);
      return { field, value };
    }
    if (typeof value === 'string') throw new TypeError(`${route.path}: field "${field}" is a file`);
    const { source, ...options } = isSourceWithOptions(value) ? value : { source: value };
    const named = (source as { name?: unknown }).name;
    const typed = (source as { type?: unknown }).type;
    return {
      field,
      source,
      filename: options.filename ?? (typeof named === 'string' && named ? named : 'upload'),
      contentType:
        options.contentType ?? (typeof typed === 'string' && typed ? typed : 'application/octet-stream'),
      size: options.size ?? knownSize(source),
    };
  });
}

/** XMLHttpRequest behind the `fetch` signature, reporting upload progress. */
export function xhrFetch(onProgress?: (progress: UploadProgress) => void): FetchLike {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(init.method ?? 'GET', url);
      for (const [name, value] of new Headers(init.headers)) xhr.setRequestHeader(name, value);
      xhr.responseType = 'blob';
      xhr.upload.onprogress = (event) =>
        onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : undefined });
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr
          .getAllResponseHeaders()
          .trim()
          .split(/[\r\n]+/)) {
          const at = line.indexOf(':');
          if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
        }
        const empty = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
        resolve(new Response(empty ? null : (xhr.response as Blob), { status: xhr.status, headers }));
      };
      xhr.onerror = () => reject(new TypeError(`Network request failed: ${url}`));
      xhr.onabort = () => reject(new DOMException('The upload was aborted', 'AbortError'));
      init.signal?.addEventListener('abort', () => xhr.abort());
      xhr.send(init.body as XMLHttpRequestBodyInit);
    });
}

/** The 2xx body of a response, or a GatewayError. */
export async function successBody(route: MultipartRoute, res: Response): Promise<unknown> {
  const body = await readBody(res);
  if (res.status >= 200 && res.status < 300 && String(res.status) in route.responses) return body;
  throw new GatewayError(res.status, body);
}

/** Uploads through the client's transport (bearer token, refresh on 401 when the body can be sent again). */
export function createUploader(baseUrl: string, transport: Transport): Uploader {
  const upload = async (
    route: MultipartRoute,
    fields: Record<string, FormValue>,
    options: UploadOptions = {},
  ) => {
    const parts = formParts(route, fields);
    const via = options.via ?? (typeof XMLHttpRequest === 'function' ? 'xhr' : 'fetch');
    const url = routeUrl(baseUrl, route);
    if (via === 'xhr') {
      const form = await formData(parts);
      const send = xhrFetch(options.onProgress);
      return successBody(
        route,
        await transport.send({ url, method: route.method, headers: {}, body: () => form, send }),
      );
    }
    const body = multipartBody(parts);
    // A stream is sent once: renew an expiring token before, since a 401 cannot be retried.
    if (!body.replayable) await transport.freshTokens();
    const res = await transport.send({
      url,
      method: route.method,
      headers: { 'content-type': body.contentType },
      replayable: body.replayable,
      body: () => {
        let loaded = 0;
        return body.stream((bytes) => {
          loaded += bytes;
          options.onProgress?.({ loaded, total: body.total });
        });
      },
    });
    return successBody(route, res);
  };
  return upload as Uploader;
}
