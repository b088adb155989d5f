import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../logging/logger';

/** The real logger (same redaction as production) writing into an array instead of stdout. */
export function capturedLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}
