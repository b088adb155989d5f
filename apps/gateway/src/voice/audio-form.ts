import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';

/** The upload's `audio` file, readable as it arrives. */
export interface AudioField {
  /** The client's file name (only its extension is ever used). */
  filename: string | undefined;
  /** The client's declared type: a hint for headerless PCM, never trusted over the content. */
  declaredType: string;
  reader: ChunkReader;
  /** True once the file went over the size limit; the rest is read and dropped. */
  readonly tooLarge: boolean;
  /** Called at once when the file goes over the limit (to stop the upstream upload early). */
  onTooLarge(listener: () => void): void;
}

/** Why a form could not be read. */
export class AudioFormError extends Error {
  override name = 'AudioFormError';
}

type FileStream = Readable & { truncated?: boolean };

/**
 * Reads a paused stream chunk by chunk. Unlike the async iterator, giving up does not destroy
 * the stream: busboy waits for every file stream to end before it reads the rest of the form,
 * so an abandoned file must be drained (`discard`), never destroyed.
 */
export class ChunkReader {
  private cancelWait: (() => void) | undefined;
  private discarded = false;

  constructor(private readonly stream: Readable) {}

  /** The next chunk, or null at the end (or once discarded). Socket data never sits in shared memory. */
  next(): Promise<Buffer<ArrayBuffer> | null> {
    if (this.discarded) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const first: Buffer<ArrayBuffer> | null = this.stream.read();
      if (first !== null) return resolve(first);
      if (this.stream.readableEnded) return resolve(null);
      // Destroyed without ending: the form broke (busboy destroys its file stream with the error).
      if (this.stream.destroyed) return reject(this.stream.errored ?? new AudioFormError('上传被中断'));
      const cleanup = () => {
        this.cancelWait = undefined;
        this.stream.off('readable', onReadable);
        this.stream.off('end', onEnd);
        this.stream.off('error', onError);
      };
      const onReadable = () => {
        const chunk: Buffer<ArrayBuffer> | null = this.stream.read();
        if (chunk === null) return;
        cleanup();
        resolve(chunk);
      };
      const onEnd = () => {
        cleanup();
        resolve(null);
      };
      const onError = (e: Error) => {
        cleanup();
        reject(e);
      };
      this.cancelWait = onEnd;
      this.stream.on('readable', onReadable);
      this.stream.once('end', onEnd);
      this.stream.once('error', onError);
    });
  }

  /** Drops the rest of the stream so the form can finish. */
  discard(): void {
    if (this.discarded) return;
    this.discarded = true;
    this.cancelWait?.();
    this.stream.resume();
  }
}

/**
 * A multipart/form-data request read with busboy: `audio` resolves to the first file field named
 * `audio` (undefined when the form has none), `finished` once the whole request has been read.
 * Other parts are drained. The file is cut at `maxBytes`.
 */
export class AudioForm {
  readonly audio: Promise<AudioField | undefined>;
  readonly finished: Promise<void>;
  private failure: AudioFormError | undefined;

  /** Throws AudioFormError when the request is not multipart/form-data with a boundary. */
  constructor(req: IncomingMessage, maxBytes: number) {
    let parser: busboy.Busboy;
    try {
      // busboy flags a file as cut when it *reaches* fileSize, so one byte more is the limit.
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: maxBytes + 1, files: 10, fields: 50, parts: 60 },
      });
    } catch {
      throw new AudioFormError('请求必须是 multipart/form-data,音频放在 audio 字段');
    }
    let settleAudio: (field: AudioField | undefined) => void = () => undefined;
    let failAudio: (e: AudioFormError) => void = () => undefined;
    let settleFinished: () => void = () => undefined;
    this.audio = new Promise((resolve, reject) => {
      settleAudio = resolve;
      failAudio = reject;
    });
    this.finished = new Promise((resolve) => {
      settleFinished = resolve;
    });
    // A rejection nobody awaited yet must not crash the process; callers still see it.
    this.audio.catch(() => undefined);
    let found = false;
    const fail = (message: string) => {
      this.failure ??= new AudioFormError(message);
      // Ends the file stream too, with an error its reader sees.
      parser.destroy(this.failure);
      failAudio(this.failure);
      settleFinished();
    };

    parser.on('file', (name, stream: FileStream, info) => {
      // A form cut short errors every open part: for the audio, the reader sees it through
      // ChunkReader; for a skipped part, nobody reads it, and an unheard 'error' would be thrown
      // out of the process (the contract fuzzer found it). The form's own failure is `fail`.
      stream.on('error', () => undefined);
      if (name !== 'audio' || found) {
        stream.resume();
        return;
      }
      found = true;
      const listeners: (() => void)[] = [];
      stream.once('limit', () => {
        for (const listener of listeners) listener();
      });
      settleAudio({
        filename: info.filename,
        declaredType: info.mimeType,
        reader: new ChunkReader(stream),
        get tooLarge() {
          return stream.truncated === true;
        },
        onTooLarge: (listener) => listeners.push(listener),
      });
    });
    parser.on('close', () => {
      settleAudio(undefined);
      settleFinished();
    });
    parser.on('error', () => fail('表单数据格式无效或不完整'));
    req.on('close', () => {
      if (!req.complete) fail('上传被中断');
    });
    req.pipe(parser);
  }

  /** Set when the form broke (malformed, or the client went away). */
  get error(): AudioFormError | undefined {
    return this.failure;
  }
}
