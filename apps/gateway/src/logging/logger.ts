import pino, { type DestinationStream, type Logger } from 'pino';
import { traceLogFields } from './trace-ids';

export type { Logger };

/** Structured JSON logs; secrets that may pass through request data are redacted. */
/** `destination`: where lines go (default stdout); tests pass a stream to read them. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'cyrene-gateway' },
      // With tracing on, a line written inside a traced request, frame or job names its trace.
      mixin: traceLogFields,
      redact: {
        paths: [
          'password',
          '*.password',
          'api_key',
          '*.api_key',
          'token',
          '*.token',
          'refresh_token',
          '*.refresh_token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
