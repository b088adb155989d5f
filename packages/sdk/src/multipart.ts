/**
 * What an upload helper takes: a Blob or File (browsers, Node 20), bytes, a web ReadableStream,
 * or any async iterable of bytes (a Node `fs.createReadStream(…)` is one).
 */
export type UploadSource =
  | Blob
  | ArrayBuffer
  | Uint8Array
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** A file part of a form. */
export interface FilePart {
  field: string;
  source: UploadSource;
  filename: string;
  contentType: string;
  /** Bytes, when known (always for Blobs and bytes; for streams only when the caller says). */
  size: number | undefined;
}

/** A text part of a form. */
export interface TextPart {
  field: string;
  value: string;
}

export type FormPart = FilePart | TextPart;

/** A multipart/form-data body that can be sent as a stream while counting what went out. */
export interface MultipartBody {
  contentType: string;
  /** Total bytes of the encoded body; undefined when a stream of unknown length is in it. */
  total: number | undefined;
  /** Every source is a Blob or bytes, so the body can be made again (for a retry after a refresh). */
  replayable: boolean;
  /** A fresh stream of the encoded body; `onChunk` is told the size of each chunk as it is read. */
  stream(onChunk?: (bytes: number) => void): ReadableStream<Uint8Array>;
}

const CHUNK = 64 * 1024;
const encoder = new TextEncoder();

const isBlob = (value: unknown): value is Blob => typeof Blob !== 'undefined' && value instanceof Blob;

/** The byte length of a source when it is known without reading it. */
export function knownSize(source: UploadSource): number | undefined {
  if (isBlob(source)) return source.size;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source.byteLength;
  return undefined;
}

/** Whether the source can be read more than once. */
export function isReplayable(source: UploadSource): boolean {
  return isBlob(source) || source instanceof ArrayBuffer || ArrayBuffer.isView(source);
}

/** A header value quoted the way browsers encode form field names and filenames. */
function quoted(value: string): string {
  return `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

function randomBoundary(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return `----cyrene${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function* chunksOf(source: UploadSource): AsyncGenerator<Uint8Array> {
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const bytes =
      source instanceof ArrayBuffer
        ? new Uint8Array(source)
        : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    for (let at = 0; at < bytes.byteLength; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
    return;
  }
  const stream = isBlob(source) ? source.stream() : source instanceof ReadableStream ? source : undefined;
  if (!stream) {
    for await (const chunk of source as AsyncIterable<Uint8Array>) yield chunk;
    return;
  }
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Encodes a form as multipart/form-data (RFC 7578), streaming each file without buffering it. */
export function multipartBody(parts: FormPart[]): MultipartBody {
  const boundary = randomBoundary();
  const heads = parts.map((part) => {
    const disposition = `Content-Disposition: form-data; name=${quoted(part.field)}`;
    const head =
      'source' in part
        ? `${disposition}; filename=${quoted(part.filename)}\r\nContent-Type: ${part.contentType}\r\n\r\n`
        : `${disposition}\r\n\r\n`;
    return encoder.encode(`--${boundary}\r\n${head}`);
  });
  const values = parts.map((part) => ('source' in part ? undefined : encoder.encode(part.value)));
  const crlf = encoder.encode('\r\n');
  const tail = encoder.encode(`--${boundary}--\r\n`);

  let total: number | undefined = tail.byteLength;
  parts.forEach((part, i) => {
    const size = 'source' in part ? part.size : values[i]?.byteLength;
    total =
      total === undefined || size === undefined ? undefined : total + (heads[i]?.byteLength ?? 0) + size + 2;
  });

  async function* encoded(): AsyncGenerator<Uint8Array> {
    for (const [i, part] of parts.entries()) {
      yield heads[i] as Uint8Array;
      if ('source' in part) yield* chunksOf(part.source);
      else yield values[i] as Uint8Array;
      yield crlf;
    }
    yield tail;
  }

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    total,
    replayable: parts.every((part) => !('source' in part) || isReplayable(part.source)),
    stream(onChunk) {
      const chunks = encoded();
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await chunks.next();
          if (done) {
            controller.close();
            return;
          }
          onChunk?.(value.byteLength);
          controller.enqueue(value);
        },
        async cancel() {
          await chunks.return(undefined);
        },
      });
    },
  };
}

/** The form as a FormData (for XMLHttpRequest), reading streams into Blobs first. */
export async function formData(parts: FormPart[]): Promise<FormData> {
  const form = new FormData();
  for (const part of parts) {
    if (!('source' in part)) {
      form.append(part.field, part.value);
      continue;
    }
    const data = isBlob(part.source) ? part.source : await new Response(streamOf(part.source)).blob();
    form.append(part.field, new Blob([data], { type: part.contentType }), part.filename);
  }
  return form;
}

function streamOf(source: UploadSource): ReadableStream<Uint8Array> {
  const chunks = chunksOf(source);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
}
