import type { ErrorBody, ErrorType } from '@cyrene/contracts';

/** The HTTP status each errorType answers with (the spec's, where it gives one). */
const STATUS: Record<ErrorType, number> = {
  session_not_found: 404,
  file_too_large: 400,
  unsupported_type: 400,
  file_missing: 404,
  memory_service_unreachable: 502,
  voice_service_unreachable: 502,
  admin_only: 403,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  ai_unavailable: 502,
  upstream_error: 502,
  service_unavailable: 503,
  internal_error: 500,
};

/** A message for errors thrown without one. */
const DEFAULT_MESSAGE: Partial<Record<ErrorType, string>> = {
  session_not_found: '会话不存在',
  file_missing: '文件实体不存在(可能已被清理)',
  admin_only: '仅限管理员操作',
  unauthorized: '未提供认证令牌',
  forbidden: '无权限',
  not_found: '资源不存在',
  rate_limited: '请求过于频繁,请稍后再试',
  payload_too_large: '请求体过大',
  unsupported_media_type: '不支持的请求体类型或编码',
  service_unavailable: '服务暂不可用',
  internal_error: '服务器内部错误',
};

/**
 * The one error type of the gateway. Services throw it; the error middleware turns it into
 * the spec's body `{error, errorType?, hint?}` with the status of its errorType.
 */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly errorType: ErrorType,
    message?: string,
    readonly hint?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? DEFAULT_MESSAGE[errorType] ?? errorType);
    this.name = 'ApiError';
    this.status = STATUS[errorType];
  }

  get body(): ErrorBody {
    return {
      error: this.message,
      errorType: this.errorType,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
    };
  }
}
