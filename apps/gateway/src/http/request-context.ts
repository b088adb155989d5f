import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logging/logger';
import { activeTraceId } from '../logging/trace-ids';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives every request an id (the caller's `x-request-id` when sane, else its trace id when
 * tracing is on, so an error body's request_id finds the trace; else a new uuid), echoes it,
 * and logs one line per request with its status and duration.
 */
export function requestContext(log: Logger): RequestHandler {
  // The request line carries no secret (a `?token=` is masked below), so it skips the logger's
  // redaction, which walks every line for secret keys: half the line's cost (issue 22's profile).
  const requestLog = log.child({}, { redact: [] });
  return (req, res, next) => {
    const given = req.header('x-request-id');
    req.requestId = given && REQUEST_ID.test(given) ? given : (activeTraceId() ?? randomUUID());
    res.setHeader('x-request-id', req.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      requestLog.info(
        {
          reqId: req.requestId,
          method: req.method,
          url: req.originalUrl.replace(/([?&]token=)[^&]+/, '$1[redacted]'),
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          user: req.principal?.userId,
        },
        'request',
      );
    });
    next();
  };
}
