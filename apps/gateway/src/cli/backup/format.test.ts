import { describe, expect, it } from 'vitest';
import { parseLine, rowLine } from './format';

describe('backup lines', () => {
  it('a row line passes the database’s JSON through as text (no number is rounded)', () => {
    const json = '{"id":9007199254740993,"t":"2026-01-01T00:00:00.123456+00:00","a":["x","y"]}';
    const line = rowLine('messages', json);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toBeTypeOf('object');
    expect(parseLine(line.trimEnd())).toEqual({ kind: 'row', table: 'messages', json });
  });

  it('reads blob pieces and the end marker', () => {
    expect(parseLine(JSON.stringify({ blob: 'a'.repeat(64), data: 'aGk=' }))).toEqual({
      kind: 'blob',
      hash: 'a'.repeat(64),
      data: Buffer.from('hi'),
    });
    expect(parseLine('{"end":{"rows":{"users":2},"blobs":0}}')).toEqual({
      kind: 'end',
      trailer: { end: { rows: { users: 2 }, blobs: 0 } },
    });
  });

  it.each([
    ['not JSON', 'hello'],
    ['a blob with a bad hash', '{"blob":"xyz","data":""}'],
    ['a table name that is not one', '{"table":"users; drop","row":{}}'],
    ['an unknown object', '{"what":1}'],
  ])('%s is unreadable', (_what, line) => {
    expect(parseLine(line)).toBeUndefined();
  });
});
