import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error';

/** How much of a refused body is still read and dropped so that its client hears the refusal. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Reads and drops the rest of a request refused before its body was read, and only then lets the
 * refusal go out. Answering at once and closing would leave the client's unsent bytes to meet a
 * closed socket: the kernel resets the connection, and a client busy sending sees EPIPE or a reset
 * instead of the answer. Past DRAIN_MAX_BYTES (or with a declared length that large) the refusal
 * goes at once with `Connection: close`: a bounded cost for a client that sends without end.
 */
export async function refuseAfterDraining(req: IncomingMessage, refusal: ApiError): Promise<ApiError> {
  const closing = new ApiError(refusal.errorType, refusal.message, refusal.hint, { connection: 'close' });
  if (Number(req.headers['content-length']) > DRAIN_MAX_BYTES || req.complete) {
    return req.complete ? refusal : closing;
  }
  return new Promise((resolve) => {
    let dropped = 0;
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DRAIN_MAX_BYTES) finish(closing);
    };
    const finish = (answer: ApiError) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onEnd);
      resolve(answer);
    };
    const onEnd = () => finish(req.complete ? refusal : closing);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onEnd);
    req.resume();
  });
}
