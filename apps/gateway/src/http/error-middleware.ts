import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logging/logger';
import { ApiError } from './api-error';
import { knownError } from './known-error';

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Errors raised by express.json before any route ran. */
function fromBodyParser(err: BodyParserError): ApiError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new ApiError('validation_failed', '请求体不是有效的 JSON', '检查请求体的 JSON 语法');
    case 'entity.too.large':
      return new ApiError('payload_too_large', '请求体过大');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError('validation_failed', '不支持的请求体编码');
    default:
      return undefined;
  }
}

/** Any path no route answers. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new ApiError('not_found', '接口不存在', `${req.method} ${req.path}`));
};

/**
 * The one place an error becomes a response. Known errors answer their status and the spec's
 * body; anything else is a 500 with a generic message and the request id, logged with its stack.
 */
export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = knownError(err) ?? fromBodyParser(err as BodyParserError);
    if (res.headersSent) {
      log.error({ reqId: req.requestId, err }, 'error after the response started');
      res.destroy();
      return;
    }
    if (known) {
      for (const [name, value] of Object.entries(known.headers)) res.setHeader(name, value);
      res.status(known.status).json(known.body);
      return;
    }
    log.error({ reqId: req.requestId, err }, 'unhandled error');
    res.status(500).json({ error: '服务器内部错误', errorType: 'internal_error', request_id: req.requestId });
  };
}
