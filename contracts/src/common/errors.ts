import { z } from 'zod';

/**
 * Every `errorType` the gateway sends. The first seven are the spec's (appendix);
 * the rest name the general failures the spec gives only as status codes.
 */
export const ErrorTypeSchema = z.enum([
  'session_not_found',
  'file_too_large',
  'unsupported_type',
  'file_missing',
  'memory_service_unreachable',
  'voice_service_unreachable',
  'admin_only',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'payload_too_large',
  'unsupported_media_type',
  'ai_unavailable',
  'upstream_error',
  'service_unavailable',
  'internal_error',
]);
export type ErrorType = z.infer<typeof ErrorTypeSchema>;

/** The spec's error body, the same for every failure of every route. */
export const ErrorBodySchema = z.object({
  error: z.string().describe('错误描述'),
  errorType: ErrorTypeSchema.optional().describe('error_code (可选,客户端可据此判断)'),
  hint: z.string().optional().describe('解决建议 (可选)'),
  request_id: z.string().optional().describe('Present on 500s: the id of the request in the server log'),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Merged into every route: any route may fail validation, auth, or unexpectedly. */
export const commonErrorResponses = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  429: ErrorBodySchema,
  500: ErrorBodySchema,
} as const;
