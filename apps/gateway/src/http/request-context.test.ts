import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';

/** Parsed log lines written to a logger at info. */
function capturedLines() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger('info', sink), lines };
}

describe('request context: an id and one log line per request', () => {
  let gw: TestGateway;
  const { log, lines } = capturedLines();
  beforeAll(async () => {
    gw = await startTestGateway({ log });
  });
  afterAll(() => gw.close());

  it("echoes a sane caller's x-request-id and logs the request under it, a ?token= masked", async () => {
    const res = await call(gw.url, 'GET', '/api/v1/health?token=secret-value', {
      headers: { 'x-request-id': 'client-id-1' },
    });
    expect(res.headers.get('x-request-id')).toBe('client-id-1');
    await expect
      .poll(() => lines.find((l) => l.reqId === 'client-id-1'))
      .toMatchObject({
        msg: 'request',
        method: 'GET',
        url: '/api/v1/health?token=[redacted]',
        status: 200,
      });
    expect(JSON.stringify(lines)).not.toContain('secret-value');
  });

  it('gives a request without a usable id a new one', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/health', { headers: { 'x-request-id': 'bad id!' } });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => lines.some((l) => l.reqId === id)).toBe(true);
  });

  it('still redacts secrets in the lines other code logs', () => {
    log.info({ password: 'hunter2', nested: { token: 'abc' } }, 'other');
    expect(lines.find((l) => l.msg === 'other')).toMatchObject({
      password: '[redacted]',
      nested: { token: '[redacted]' },
    });
  });
});
