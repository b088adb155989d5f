import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { CliError } from './errors';

const GZIP_MAGIC = [0x1f, 0x8b];

/** The lines of a JSON Lines file, gunzipped when it is gzip (told by its first bytes, not its name). */
export async function readLines(file: string): Promise<AsyncIterable<string>> {
  const head = Buffer.alloc(2);
  const handle = await open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  try {
    await handle.read(head, 0, 2, 0);
  } finally {
    await handle.close();
  }
  let stream: Readable = createReadStream(file);
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) {
    const gunzip = createGunzip();
    stream.on('error', (e) => gunzip.destroy(e));
    stream = stream.pipe(gunzip);
  }
  return createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
}

/** A line writer with backpressure; gzip when `gzip` is set. */
export interface LineWriter {
  write(line: string): Promise<void>;
}

async function writeTo(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * Writes `file` through a temporary name and renames it into place only when `work` succeeds,
 * so a failed or interrupted run never leaves a partial file under the name asked for.
 */
export async function writeFileAtomically(
  file: string,
  gzip: boolean,
  work: (out: LineWriter) => Promise<void>,
): Promise<void> {
  const temp = `${file}.partial`;
  const sink = createWriteStream(temp, { mode: 0o600 });
  const stream: Writable = gzip ? createGzip() : sink;
  if (gzip) stream.pipe(sink);
  const failed = new Promise<never>((_, reject) => {
    sink.on('error', (e) => reject(new CliError(`cannot write ${file}: ${e.message}`)));
  });
  try {
    await Promise.race([work({ write: (line) => writeTo(stream, line) }), failed]);
    stream.end();
    await Promise.race([once(sink, 'close'), failed]);
    await rename(temp, file);
  } catch (e) {
    stream.destroy();
    sink.destroy();
    await rm(temp, { force: true });
    throw e;
  }
}
