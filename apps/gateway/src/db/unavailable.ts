import type { Logger } from '../logging/logger';

/**
 * Whether an error means "the database server cannot be reached right now" rather than "this
 * query is wrong": the server refused or dropped the connection, is shutting down or starting up,
 * or the pool could not get a connection in time. Such a failure is the server's state, not the
 * request's fault; the caller may try again once it is back.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let cause = e, depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
    if (matches(cause)) return true;
    if (cause instanceof AggregateError && cause.errors.some(matches)) return true;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return false;
}

/** Socket errors of a connection that could not be made or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server going away or not accepting connections: class 08 (connection exception),
 * 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting or stopping),
 * 53300 too many connections.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres and its pool say when a connection ends or cannot be had. */
const MESSAGES = ['Connection terminated', 'timeout exceeded when trying to connect', 'is not queryable'];

function matches(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
  if (code !== undefined && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))) {
    return true;
  }
  const message = 'message' in e && typeof e.message === 'string' ? e.message : '';
  return MESSAGES.some((m) => message.includes(m));
}

/**
 * Warns of a failure, unless it is the database being away: the pool has said that once already
 * (db/outage-log.ts), so repeating it on every retry of every loop only buries it. Those go to debug.
 */
export function warnUnlessUnavailable(
  log: Pick<Logger, 'warn' | 'debug'>,
  e: unknown,
  message: string,
  fields: Record<string, unknown> = {},
): void {
  if (isDatabaseUnavailable(e)) log.debug({ ...fields, err: e }, message);
  else log.warn({ ...fields, err: e }, message);
}
