import { describe, expect, it } from 'vitest';
import { contentDisposition, sanitizeFilename } from './filename';

describe('sanitizeFilename', () => {
  it.each([
    ['photo.jpg', 'photo.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\报告.docx', '报告.docx'],
    ['a\u0000b\u001fc\u007f.txt', 'abc.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['e\u0301.txt', 'é.txt'],
    ['👨‍👩‍👧 family.png', '👨‍👩‍👧 family.png'],
    ['a<b>c:d|e?f*.txt', 'a_b_c_d_e_f_.txt'],
    ['  spaced  ', 'spaced'],
    ['name. . .', 'name'],
    ['nul', '_nul'],
    ['LPT1.log', '_LPT1.log'],
    ['', 'file'],
    [undefined, 'file'],
    ['/', 'file'],
    ['...', 'file'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFilename(raw)).toBe(expected);
  });

  it('keeps at most 255 bytes of UTF-8, with the extension', () => {
    const name = sanitizeFilename(`${'文'.repeat(200)}.pdf`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith('文.pdf')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', '季度 "报告".pdf')).toBe(
      `attachment; filename="__ ____.pdf"; filename*=UTF-8''%E5%AD%A3%E5%BA%A6%20%22%E6%8A%A5%E5%91%8A%22.pdf`,
    );
    expect(contentDisposition('inline', "it's (1).txt")).toBe(
      `inline; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    );
  });
});
