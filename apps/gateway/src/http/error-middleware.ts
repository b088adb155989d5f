import type { ErrorType } from '@cyrene/contracts';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logging/logger';
import { ApiError } from './api-error';
import { knownError } from './known-error';

/** What body-parser, busboy, zlib and Express's own router attach to the errors they raise. */
interface ClientFault {
  type?: string;
  status?: number;
  statusCode?: number;
  message?: string;
}

/** The errorType of a 4xx some library raised, by its status. */
const ERROR_TYPE_OF_STATUS: Partial<Record<number, ErrorType>> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Errors raised by express.json before any route ran, in the spec's words. */
function fromBodyParser(err: ClientFault): ApiError | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return new ApiError('validation_failed', '请求体不是有效的 JSON', '检查请求体的 JSON 语法');
    case 'entity.too.large':
      return new ApiError('payload_too_large', '请求体过大');
    case 'encoding.unsupported':
      return new ApiError(
        'unsupported_media_type',
        '不支持的请求体编码',
        'Content-Encoding 只支持 gzip、deflate 或 identity',
      );
    case 'charset.unsupported':
      return new ApiError('unsupported_media_type', '不支持的请求体字符集', 'JSON 请求体请使用 UTF-8');
    default:
      return undefined;
  }
}

/**
 * Any other error that carries a 4xx status (a body that does not decompress, a path that is not
 * valid percent-encoding, a multipart stream cut short) was the client's: it keeps its status.
 */
function fromClientFault(err: ClientFault): { status: number; body: ApiError['body'] } | undefined {
  const status = err.status ?? err.statusCode;
  if (status === undefined || status < 400 || status > 499) return undefined;
  const errorType = ERROR_TYPE_OF_STATUS[status];
  const error =
    err instanceof URIError
      ? '路径不是有效的 URL 编码'
      : errorType === 'validation_failed'
        ? '请求无法解析'
        : (err.message ?? '请求错误');
  return {
    status,
    body: { error, ...(errorType ? { errorType } : {}), ...(err.message ? { hint: err.message } : {}) },
  };
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
    if (res.headersSent) {
      log.error({ reqId: req.requestId, err }, 'error after the response started');
      res.destroy();
      return;
    }
    const known = knownError(err) ?? fromBodyParser(err as ClientFault);
    if (known) {
      for (const [name, value] of Object.entries(known.headers)) res.setHeader(name, value);
      res.status(known.status).json(known.body);
      return;
    }
    const clientFault = fromClientFault(err as ClientFault);
    if (clientFault) {
      res.status(clientFault.status).json(clientFault.body);
      return;
    }
    log.error({ reqId: req.requestId, err }, 'unhandled error');
    res.status(500).json({ error: '服务器内部错误', errorType: 'internal_error', request_id: req.requestId });
  };
}
