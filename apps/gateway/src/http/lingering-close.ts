import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** How much of a refused body is still read after the refusal, at most, before the connection is cut. */
const LINGER_MAX_BYTES = 16 * 1024 * 1024;
const LINGER_MAX_MS = 5_000;

/**
 * A request refused before its body was read (an upload over its limit) is answered with
 * `Connection: close`. Node then closes the socket as soon as the answer is written, while the
 * client may still be sending: the unread bytes make the kernel reset the connection, and a client
 * that had not yet read the answer sees only the reset (EPIPE, ECONNRESET). So, as web servers
 * have long done ("lingering close"), this connection only half-closes after the answer, keeps
 * reading and dropping what the client still sends, and closes when the client does, or after a
 * bounded number of bytes or seconds.
 */
export function lingerBeforeClosing(req: IncomingMessage): void {
  const socket = req.socket as Socket & { destroySoon?: () => void };
  if (socket.destroySoon === undefined) return;
  socket.destroySoon = () => {
    socket.end();
    let dropped = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER_MAX_MS);
    timer.unref();
    socket.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_MAX_BYTES) socket.destroy();
    });
    socket.once('close', () => clearTimeout(timer));
    socket.resume();
  };
}
