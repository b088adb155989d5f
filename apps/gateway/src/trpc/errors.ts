import type { ErrorBody } from '@cyrene/contracts';
import type { GatewayTrpcErrorShape } from '@cyrene/contracts/trpc';
import { type TRPC_ERROR_CODE_KEY, TRPCError, type TRPCErrorShape } from '@trpc/server';
import type { Request, Response } from 'express';
import { knownError } from '../http/known-error';
import type { Logger } from '../logging/logger';

/** A route's failure as tRPC carries it: the status REST would answer, and the spec's error body. */
export class RouteFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.error);
    this.name = 'RouteFailure';
  }
}

/** The tRPC code for each HTTP status the gateway answers; the one place they are paired. */
const CODE_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export function trpcCodeFor(status: number): TRPC_ERROR_CODE_KEY {
  return CODE_BY_STATUS[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
}

/** A non-2xx body a handler returned, read leniently: it is the spec's error body by contract. */
export function errorBodyOf(status: number, body: unknown): ErrorBody {
  if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') {
    return body as ErrorBody;
  }
  return { error: `HTTP ${status}` };
}

/**
 * Any error of a procedure as a RouteFailure, exactly as the REST error middleware answers it:
 * an ApiError gives its status, body and headers; anything else is logged and answers 500 with
 * the request id.
 */
export function failureOf(error: unknown, req: Request, res: Response, log: Logger): RouteFailure {
  if (error instanceof RouteFailure) return error;
  const known = knownError(error);
  if (known) {
    for (const [name, value] of Object.entries(known.headers)) res.setHeader(name, value);
    return new RouteFailure(known.status, known.body);
  }
  log.error({ reqId: req.requestId, err: error }, 'unhandled error');
  return new RouteFailure(500, {
    error: '服务器内部错误',
    errorType: 'internal_error',
    request_id: req.requestId,
  });
}

export function toTrpcError(failure: RouteFailure): TRPCError {
  return new TRPCError({ code: trpcCodeFor(failure.status), message: failure.body.error, cause: failure });
}

/** Failures tRPC raises itself, before any route runs (unknown procedure, wrong HTTP method, …). */
function ownFailure(error: TRPCError, status: number, path: string | undefined): RouteFailure {
  switch (error.code) {
    case 'NOT_FOUND':
      return new RouteFailure(404, {
        error: '接口不存在',
        errorType: 'not_found',
        hint: `tRPC ${path ?? ''}`,
      });
    case 'PARSE_ERROR':
      return new RouteFailure(400, {
        error: '请求参数不是有效的 JSON',
        errorType: 'validation_failed',
        hint: error.message,
      });
    case 'PAYLOAD_TOO_LARGE':
      return new RouteFailure(413, { error: '请求体过大', errorType: 'payload_too_large' });
    case 'METHOD_NOT_SUPPORTED':
      return new RouteFailure(405, {
        error: '请求方法不支持',
        hint: '查询 (GET 路由) 用 HTTP GET,其余用 HTTP POST',
      });
    case 'BAD_REQUEST':
      // The one BAD_REQUEST tRPC raises before any procedure runs (trpcMiddleware's maxBatchSize).
      if (/batch/i.test(error.message))
        return new RouteFailure(400, {
          error: '批量调用过多',
          errorType: 'validation_failed',
          hint: '一次批量请求的调用数不能超过 TRPC_MAX_BATCH_SIZE,请拆分成多次请求',
        });
      return new RouteFailure(400, {
        error: '请求参数错误',
        errorType: 'validation_failed',
        hint: error.message,
      });
    default:
      return status >= 500
        ? new RouteFailure(status, { error: '服务器内部错误', errorType: 'internal_error' })
        : new RouteFailure(status, {
            error: '请求参数错误',
            errorType: 'validation_failed',
            hint: error.message,
          });
  }
}

/**
 * The one errorFormatter: every tRPC error carries the spec's error body in `data`, with the
 * HTTP status REST would answer (tRPC sends that status, as it reads `data.httpStatus`).
 */
export function formatTrpcError(opts: {
  error: TRPCError;
  shape: TRPCErrorShape<{ httpStatus: number; path?: string }>;
}): GatewayTrpcErrorShape {
  const { error, shape } = opts;
  const failure =
    error.cause instanceof RouteFailure
      ? error.cause
      : ownFailure(error, shape.data.httpStatus, shape.data.path);
  return {
    code: shape.code,
    message: failure.body.error,
    data: {
      ...failure.body,
      code: trpcCodeFor(failure.status),
      httpStatus: failure.status,
      ...(shape.data.path === undefined ? {} : { path: shape.data.path }),
    },
  };
}
