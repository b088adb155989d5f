import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

/** Feeds `text` split at `at`, then ends the stream. */
function parseSplit(text: string, at: number) {
  const parser = new SseParser();
  return [...parser.push(text.slice(0, at)), ...parser.push(text.slice(at)), ...parser.end()];
}

describe('SseParser', () => {
  const stream =
    ': a comment\r\n' +
    'data: {"delta":"你好"}\r\n\r\n' +
    'event: progress\n' +
    'data: line one\n' +
    'data:line two\n' +
    'id: 7\n\n' +
    'data: cr only\r\r' +
    'data: [DONE]\n\n';
  const expected = [
    { event: 'message', data: '{"delta":"你好"}' },
    { event: 'progress', data: 'line one\nline two', id: '7' },
    { event: 'message', data: 'cr only', id: '7' },
    { event: 'message', data: '[DONE]', id: '7' },
  ];

  it('reads CRLF, LF and CR line ends, multi-line data, comments, event and id fields', () => {
    const parser = new SseParser();
    expect([...parser.push(stream), ...parser.end()]).toEqual(expected);
  });

  it('gives the same events wherever the stream is split (a CRLF across two chunks too)', () => {
    for (let at = 0; at <= stream.length; at++)
      expect(parseSplit(stream, at), `split at ${at}`).toEqual(expected);
  });

  it('gives the same events fed one character at a time', () => {
    const parser = new SseParser();
    const events = [...stream].flatMap((ch) => parser.push(ch));
    expect([...events, ...parser.end()]).toEqual(expected);
  });

  it('drops a leading BOM and events without data', () => {
    const parser = new SseParser();
    expect(parser.push('\uFEFFevent: ping\n\ndata: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('delivers a last event the server closed without a blank line', () => {
    const parser = new SseParser();
    expect(parser.push('data: [DONE]\n')).toEqual([]);
    expect(parser.end()).toEqual([{ event: 'message', data: '[DONE]' }]);
  });

  it('refuses an event over its size limit', () => {
    const parser = new SseParser(100);
    expect(() => parser.push(`data: ${'x'.repeat(200)}`)).toThrow(/上游事件过大/);
    const lines = new SseParser(100);
    expect(() => {
      for (let i = 0; i < 20; i++) lines.push('data: 0123456789\n');
    }).toThrow(/上游事件过大/);
  });
});
