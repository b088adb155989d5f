import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describeInputFault } from '@cyrene/contracts';
import busboy from 'busboy';
import { removeFile } from '../blobs/blob-store';
import { ApiError } from '../http/api-error';
import { refuseAfterDraining } from '../http/drain-request';
import { sanitizeFilename } from './filename';

/** A file part written to a temp file while it arrived. */
export interface ReceivedFile {
  /** The form field it came in (`file`, `image`, …). */
  field: string;
  /** The client's name, sanitised. */
  filename: string;
  /** The part's Content-Type as the client declared it (a hint only). */
  declaredType: string;
  /** The temp file: the caller moves or deletes it. */
  path: string;
  size: number;
  /** SHA-256 of the content, lowercase hex, computed while streaming. */
  sha256: string;
}

export interface ReceivedForm {
  file?: ReceivedFile;
  /** The accepted text fields, first value of each. */
  fields: Record<string, string>;
}

export interface ReceiveOptions {
  /** Names of the file fields accepted; the first such part is kept, any other file is discarded. */
  fileFields: readonly string[];
  textFields?: readonly string[];
  /** Largest accepted file: exactly this many bytes pass, one more fails. */
  maxFileBytes: number;
  /** The error for a file over the limit (each route names its own limit). */
  tooLarge: () => ApiError;
  /** Where to write a part (a fresh temp path on the blob store's filesystem). */
  tempPath: () => Promise<string>;
}

/** Room for part headers and text fields around the file. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

/** The same error, asking Node to close the connection instead of reading the rest of the body. */
const closing = (e: ApiError) => new ApiError(e.errorType, e.message, e.hint, { connection: 'close' });

/** A part whose name, filename or value holds NUL: refused like NUL anywhere else in a request. */
function nulIn(name: string | undefined, value: string | undefined): ApiError | undefined {
  // busboy gives an empty `name=""` as undefined, whatever its types say.
  if (!name?.includes('\0') && !value?.includes('\0')) return undefined;
  return new ApiError(
    'validation_failed',
    describeInputFault({ field: (name ?? '').replaceAll('\0', '\\u0000'), problem: 'nul' }),
  );
}

/** Streams one part to disk, hashing and counting as it goes; the temp file is gone if this fails. */
async function writeTemp(stream: Readable, path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      stream,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(path, { flags: 'wx' }),
    );
  } catch (e) {
    await removeFile(path);
    throw e;
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Reads a multipart/form-data request with busboy, never holding a file in memory: the accepted
 * file part goes to a temp file (hashed while streaming), text fields are collected. A file over
 * `maxFileBytes` is cut off, its partial temp file removed, the rest of the body read and
 * dropped, and `tooLarge()` thrown. A body declared beyond any allowed size is not parsed: it is
 * drained (refuseAfterDraining) so the client hears the refusal, or, far beyond, refused at once
 * with `Connection: close`, as is a body of undeclared length once it grows past the limit.
 */
export function receiveForm(req: IncomingMessage, opts: ReceiveOptions): Promise<ReceivedForm> {
  const hardCap = opts.maxFileBytes + FORM_OVERHEAD_BYTES;
  if (Number(req.headers['content-length']) > hardCap) {
    return refuseAfterDraining(req, opts.tooLarge()).then((refusal) => Promise.reject(refusal));
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      // One byte over the limit marks the part truncated: exactly the limit still passes.
      limits: { fileSize: opts.maxFileBytes + 1, files: 4, fields: 16, fieldSize: 64 * 1024, parts: 20 },
    });
  } catch {
    return Promise.reject(
      new ApiError(
        'validation_failed',
        '请求体必须是 multipart/form-data',
        '以 multipart/form-data 上传文件',
      ),
    );
  }

  return new Promise<ReceivedForm>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let accepted: { stream: Readable; written: Promise<ReceivedFile | undefined> } | undefined;
    let tooLarge = false;
    let settled = false;
    let bytes = 0;

    const settle = async (error?: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      if (error !== undefined) {
        // Stops a write in progress; busboy would wait for it forever otherwise.
        accepted?.stream.destroy();
        parser.destroy();
      }
      let file: ReceivedFile | undefined;
      try {
        file = await accepted?.written;
      } catch (writeError) {
        error ??= writeError;
      }
      if (error !== undefined || tooLarge) {
        if (file) await removeFile(file.path);
        reject(error ?? opts.tooLarge());
        return;
      }
      resolve(file ? { file, fields } : { fields });
    };

    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > hardCap) void settle(closing(opts.tooLarge()));
    });
    req.on('close', () => {
      if (!req.complete) void settle(new ApiError('validation_failed', '上传在完成前中断'));
    });

    parser.on('file', (name, stream, info) => {
      // A form cut short destroys the part with an error, possibly before the pipeline below
      // listens; the failure reaches settle() through the parser's own 'error' either way.
      stream.on('error', () => {});
      const nul = nulIn(name, info.filename);
      if (nul) {
        stream.resume();
        void settle(nul);
        return;
      }
      if (accepted || !opts.fileFields.includes(name)) {
        stream.resume();
        return;
      }
      const written = opts.tempPath().then(async (path) => {
        const { size, sha256 } = await writeTemp(stream, path);
        if (stream.truncated || size > opts.maxFileBytes) {
          tooLarge = true;
          await removeFile(path);
          return undefined;
        }
        const filename = sanitizeFilename(info.filename);
        return { field: name, filename, declaredType: info.mimeType, path, size, sha256 };
      });
      accepted = { stream, written };
      written.catch((e: unknown) => void settle(e));
    });
    parser.on('field', (name, value) => {
      const nul = nulIn(name, value);
      if (nul) return void settle(nul);
      if (opts.textFields?.includes(name) && !(name in fields)) fields[name] = value;
    });
    parser.on('close', () => void settle());
    parser.on('error', (e: unknown) => {
      const detail = e instanceof Error ? e.message : String(e);
      void settle(new ApiError('validation_failed', 'multipart 请求体格式无效', detail));
    });
    req.pipe(parser);
  });
}
