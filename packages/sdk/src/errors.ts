import { type ErrorType, ErrorTypeSchema } from '@cyrene/contracts';
import type { SuccessfulHttpStatusCode } from '@ts-rest/core';

/** What every ts-rest client call resolves to: a status and the body declared for it. */
export interface AnyResponse {
  status: number;
  body: unknown;
}

/**
 * A response the caller did not accept, carrying the spec's error body
 * `{error, errorType?, hint?}` when the gateway sent one.
 */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly status: number;
  /** The gateway's `errorType`, when it is one this SDK knows. */
  readonly errorType?: ErrorType;
  readonly hint?: string;
  /** Present on 500s: the id of the request in the gateway's log. */
  readonly requestId?: string;
  /** The body exactly as received. */
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    const fields = readErrorFields(body);
    super(fields.error ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.errorType = fields.errorType;
    this.hint = fields.hint;
    this.requestId = fields.requestId;
  }
}

interface ErrorFields {
  error?: string;
  errorType?: ErrorType;
  hint?: string;
  requestId?: string;
}

/** Reads the error body leniently: an `errorType` newer than this SDK must not hide the message. */
function readErrorFields(body: unknown): ErrorFields {
  if (typeof body === 'string') return { error: body || undefined };
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = record[key];
    return typeof value === 'string' ? value : undefined;
  };
  const errorType = ErrorTypeSchema.safeParse(record.errorType);
  return {
    error: text('error'),
    errorType: errorType.success ? errorType.data : undefined,
    hint: text('hint'),
    requestId: text('request_id'),
  };
}

type SuccessStatus<R extends AnyResponse> = Extract<R['status'], SuccessfulHttpStatusCode>;

/**
 * The typed body of `response` when its status is one of `okStatuses` (any 2xx when none are
 * given); otherwise throws a {@link GatewayError}.
 *
 * @example const profile = unwrap(await client.rest.auth.getProfile(), 200);
 */
export function unwrap<R extends AnyResponse, S extends R['status'] = SuccessStatus<R>>(
  response: R,
  ...okStatuses: S[]
): Extract<R, { status: S }>['body'] {
  const accepted =
    okStatuses.length > 0
      ? okStatuses.includes(response.status as S)
      : response.status >= 200 && response.status < 300;
  if (!accepted) throw new GatewayError(response.status, response.body);
  return response.body as Extract<R, { status: S }>['body'];
}
