import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fixtures from '../testing/fixtures';
import { sniffFile } from '.';
import { classifyTextHead, xmlRootName } from './text';
import { webmTrackTypes } from './webm';

describe('sniffFile: the type comes from the content', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cyrene-sniff-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  let n = 0;
  const sniff = async (
    content: Buffer | string,
    filename = 'upload.bin',
    declaredType = 'application/octet-stream',
  ) => {
    const file = path.join(dir, String(n++));
    await writeFile(file, content);
    return sniffFile(file, { filename, declaredType });
  };

  it.each([
    ['PNG', 'image/png', () => fixtures.redBluePng()],
    ['JPEG', 'image/jpeg', () => fixtures.rotatedJpeg()],
    ['GIF', 'image/gif', () => fixtures.animatedGif()],
    ['WebP', 'image/webp', () => fixtures.webp()],
    ['PDF', 'application/pdf', fixtures.pdf],
    ['DOCX', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', fixtures.docx],
    [
      'DOC (a compound file with a WordDocument stream)',
      'application/msword',
      () => fixtures.compoundFile('WordDocument'),
    ],
    ['MP3', 'audio/mpeg', fixtures.mp3],
    ['WAV', 'audio/wav', fixtures.wav],
    ['OGG', 'audio/ogg', fixtures.oggVorbis],
    ['MP4', 'video/mp4', fixtures.mp4],
    ['WebM with an audio track only', 'audio/webm', () => fixtures.webm(2)],
    ['WebM with a video track', 'video/webm', () => fixtures.webm(1)],
  ])('%s → %s', async (_name, mime, make) => {
    expect(await sniff(await make())).toEqual({ ok: true, mime });
  });

  it('ignores the name and declared type: a PNG called report.pdf is a PNG', async () => {
    expect(await sniff(await fixtures.redBluePng(), 'report.pdf', 'application/pdf')).toEqual({
      ok: true,
      mime: 'image/png',
    });
  });

  it('text: UTF-8 without NUL; Markdown by name or declared type only', async () => {
    expect(await sniff('你好,世界\n', 'a.txt', 'text/plain')).toEqual({ ok: true, mime: 'text/plain' });
    expect(await sniff('# 标题\n', 'notes.md')).toEqual({ ok: true, mime: 'text/markdown' });
    expect(await sniff('# 标题\n', 'notes', 'text/markdown')).toEqual({ ok: true, mime: 'text/markdown' });
    expect(await sniff('# 标题\n', 'notes.txt')).toEqual({ ok: true, mime: 'text/plain' });
    // Starts like a BMP ("BM") or an exe ("MZ") to a magic-byte table, but it is text.
    expect(await sniff('BMI 计算方法\n', 'bmi.txt')).toEqual({ ok: true, mime: 'text/plain' });
    expect(await sniff('', 'empty.txt')).toEqual({ ok: true, mime: 'text/plain' });
  });

  it('SVG is XML whose root is <svg>, with or without a prolog', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';
    expect(await sniff(svg)).toEqual({ ok: true, mime: 'image/svg+xml' });
    expect(
      await sniff(`<?xml version="1.0"?>\n<!-- by hand -->\n<!DOCTYPE svg [ <!ENTITY a "b"> ]>\n${svg}`),
    ).toEqual({
      ok: true,
      mime: 'image/svg+xml',
    });
  });

  it('refuses HTML, other XML, and binaries outside the list, naming what they are', async () => {
    expect(
      await sniff('<!DOCTYPE html><html><script>alert(1)</script></html>', 'x.png', 'image/png'),
    ).toEqual({
      ok: false,
      detected: 'text/html',
    });
    expect(await sniff('  <script>alert(1)</script>', 'x.txt')).toEqual({ ok: false, detected: 'text/html' });
    expect(await sniff('<?xml version="1.0"?><note/>')).toEqual({ ok: false, detected: 'application/xml' });
    expect(await sniff('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>')).toEqual({
      ok: false,
      detected: 'application/xhtml+xml',
    });
    expect(await sniff(Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Buffer.alloc(18)]))).toEqual({
      ok: false,
      detected: 'application/zip',
    });
    expect(await sniff(fixtures.compoundFile('Workbook'))).toEqual({
      ok: false,
      detected: 'application/x-cfb',
    });
    expect(await sniff(Buffer.from([0x01, 0x02, 0x03, 0xc3]))).toEqual({
      ok: false,
      detected: 'application/octet-stream',
    });
    expect(await sniff(Buffer.from('abc\0def'))).toEqual({ ok: false, detected: 'application/octet-stream' });
  });
});

describe('markup heads', () => {
  it('finds the root element past prolog, comments and doctype', () => {
    expect(xmlRootName('<?xml version="1.0"?><!-- c --><!DOCTYPE svg PUBLIC "x" "y"><svg:svg/>')).toBe(
      'svg:svg',
    );
    expect(xmlRootName('plain text')).toBeUndefined();
  });

  it('a comment before <svg> is still SVG, before <html> it is HTML', () => {
    expect(classifyTextHead('<!-- logo --><svg/>')).toEqual({ kind: 'svg' });
    expect(classifyTextHead('<!-- page --><html></html>')).toEqual({ kind: 'refused', mime: 'text/html' });
    expect(classifyTextHead('<p>hello</p>')).toEqual({ kind: 'refused', mime: 'text/html' });
    expect(classifyTextHead('<pre> is not a page start, nor is a < b')).toEqual({ kind: 'text' });
  });
});

describe('webmTrackTypes', () => {
  it('reads the track types inside a Segment of unknown size', () => {
    expect(webmTrackTypes(fixtures.webm(2))).toEqual([2]);
    expect(webmTrackTypes(fixtures.webm(1))).toEqual([1]);
  });

  it('survives garbage', () => {
    expect(webmTrackTypes(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0xff, 0x00]))).toEqual([]);
    expect(webmTrackTypes(Buffer.alloc(0))).toEqual([]);
  });
});
