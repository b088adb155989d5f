import { isDatabaseUnavailable } from '../db/unavailable';
import { ApiError } from './api-error';

/** How long a client is told to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** What a request answers while the database server cannot be reached. */
export const databaseUnavailable = () =>
  new ApiError('service_unavailable', '数据库暂不可用', '请稍后重试', {
    'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
  });

/**
 * A thrown error as the ApiError a client is told, when it is one: an ApiError itself, or a lost
 * database connection (503 with Retry-After, never a 500). Every edge (REST, tRPC, WebSocket
 * frames and upgrades, chat turns) classifies through this one function; undefined means
 * unexpected (logged, answered as an internal error).
 */
export function knownError(e: unknown): ApiError | undefined {
  if (e instanceof ApiError) return e;
  if (isDatabaseUnavailable(e)) return databaseUnavailable();
  return undefined;
}
