import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from './download';
import { multipartBody } from './multipart';

describe('multipartBody', () => {
  it('encodes a form that a standard parser reads back, and knows its length', async () => {
    const body = multipartBody([
      {
        field: 'file',
        source: new Blob(['héllo']),
        filename: '报告 "终稿".txt',
        contentType: 'text/plain',
        size: 6,
      },
      { field: 'note', value: '说明' },
    ]);
    const chunks: number[] = [];
    const bytes = await new Response(body.stream((n) => chunks.push(n))).arrayBuffer();
    expect(body.total).toBe(bytes.byteLength);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(bytes.byteLength);
    expect(body.replayable).toBe(true);

    const form = await new Response(bytes, { headers: { 'content-type': body.contentType } }).formData();
    const file = form.get('file') as File;
    expect(file.name).toBe('报告 "终稿".txt'); // sent as %22, as browsers do
    expect(file.type).toBe('text/plain');
    expect(await file.text()).toBe('héllo');
    expect(form.get('note')).toBe('说明');
  });

  it('has no total and cannot be replayed with a stream of unknown size', () => {
    const stream = new ReadableStream<Uint8Array>();
    const body = multipartBody([
      {
        field: 'file',
        source: stream,
        filename: 'x',
        contentType: 'application/octet-stream',
        size: undefined,
      },
    ]);
    expect(body.total).toBeUndefined();
    expect(body.replayable).toBe(false);
  });
});

describe('filenameFromDisposition', () => {
  it.each([
    ['attachment; filename="a.txt"', 'a.txt'],
    ['inline; filename=plain.md', 'plain.md'],
    ['attachment; filename="a \\"b\\".txt"', 'a "b".txt'],
    [`attachment; filename="session_x.md"; filename*=UTF-8''%E5%91%A8%E6%8A%A5.md`, '周报.md'],
    [`attachment; filename*=iso-8859-1'en'caf%E9.txt`, 'café.txt'],
    ['attachment', undefined],
    [null, undefined],
  ])('%s → %s', (header, name) => {
    expect(filenameFromDisposition(header)).toBe(name);
  });
});
