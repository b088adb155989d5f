import { describe, expect, it } from 'vitest';
import { GatewayError, unwrap } from './errors';

type Response =
  | { status: 200; body: { id: string } }
  | { status: 201; body: { created: true } }
  | { status: 404; body: { error: string; errorType?: string; hint?: string } };

const respond = (r: Response): Response => r;

describe('unwrap', () => {
  it('returns the body of any 2xx when no status is named', () => {
    expect(unwrap(respond({ status: 201, body: { created: true } }))).toEqual({ created: true });
  });

  it('returns the body typed for the named status', () => {
    const body: { id: string } = unwrap(respond({ status: 200, body: { id: 's1' } }), 200);
    expect(body.id).toBe('s1');
  });

  it('throws for a 2xx that was not named', () => {
    expect(() => unwrap(respond({ status: 201, body: { created: true } }), 200)).toThrow(GatewayError);
  });

  it("throws GatewayError carrying the spec's error body", () => {
    const body = { error: '会话不存在', errorType: 'session_not_found', hint: '先创建会话' };
    const error = (() => {
      try {
        unwrap(respond({ status: 404, body }), 200);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'GatewayError',
      status: 404,
      message: '会话不存在',
      errorType: 'session_not_found',
      hint: '先创建会话',
      body,
    });
  });
});

describe('GatewayError', () => {
  it('keeps the message of an errorType this SDK does not know, without typing it', () => {
    const error = new GatewayError(409, { error: '冲突', errorType: 'from_the_future', request_id: 'r1' });
    expect(error.message).toBe('冲突');
    expect(error.errorType).toBeUndefined();
    expect(error.requestId).toBe('r1');
  });

  it('falls back to the status for a body that is not the spec error', () => {
    expect(new GatewayError(502, new Blob([])).message).toBe('HTTP 502');
    expect(new GatewayError(502, 'upstream down').message).toBe('upstream down');
  });
});
