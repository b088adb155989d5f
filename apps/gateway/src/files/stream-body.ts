import type { Readable } from 'node:stream';
import type { Response } from 'express';

/**
 * The body of a streamed response (download, thumbnail), handed back to ts-rest.
 *
 * ts-rest pipes a handler's body when it is a Node stream (`body instanceof Stream`), which keeps
 * a 20 MB download out of memory. Its `pipe` leaves two things out, added here: a read failure
 * mid-response cuts the connection (the client sees a broken transfer, never a silently short
 * file), and a client that goes away (a media player seeking) stops the read and closes the file.
 *
 * The contract types these bodies as the `Blob` the client receives; the server hands over the
 * stream that produces it. That one cast between the two views lives here and nowhere else.
 */
export function streamBody(res: Response, stream: Readable): Blob {
  stream.on('error', (e) => res.destroy(e));
  res.on('close', () => stream.destroy());
  return stream as unknown as Blob;
}
