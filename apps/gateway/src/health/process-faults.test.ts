import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { ProcessFaults } from './process-faults';

/** A logger whose JSON lines the test reads. */
function readableLog() {
  const lines: Array<{ level: number; msg: string; err?: { stack?: string } }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { log: createLogger('info', sink), lines };
}

describe('errors that escape every handler', () => {
  let gw: TestGateway;
  afterEach(() => gw.close());

  it.each([
    ['uncaughtException', new Error('boom outside any handler')],
    ['unhandledRejection', new Error('a promise nobody awaited')],
  ] as const)(
    '%s is logged with its stack, the gateway keeps serving, and readiness reports it',
    async (kind, error) => {
      // Stands in for `process`: emitting on it is what Node does when an error escapes.
      const proc = new EventEmitter();
      const { log, lines } = readableLog();
      const faults = new ProcessFaults().watch(proc as NodeJS.Process, log);
      gw = await startTestGateway({ faults });
      expect((await call(gw.url, 'GET', '/api/v1/health/ready')).status).toBe(200);

      proc.emit(kind, error);

      expect(lines).toEqual([
        expect.objectContaining({ level: 60, err: expect.objectContaining({ stack: error.stack }) }),
      ]);
      const ready = await call(gw.url, 'GET', '/api/v1/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({
        error: '进程发生未处理的错误,需要重启',
        errorType: 'internal_error',
        hint: expect.stringMatching(new RegExp(`^${kind} at \\S+: ${error.message}$`)),
      });
      expect((await call(gw.url, 'GET', '/api/v1/health')).status).toBe(200);
    },
  );
});
