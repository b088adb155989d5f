import { createReadStream } from 'node:fs';

/** What a text file is, or what it is refused as. */
export type TextKind =
  | { kind: 'svg' }
  | { kind: 'text' }
  /** Markup a browser would run as a page: never accepted, whatever the client declared. */
  | { kind: 'refused'; mime: 'text/html' | 'application/xml' | 'application/xhtml+xml' };

/** How much of the start is kept for the markup checks. */
const HEAD_CHARS = 8192;

/**
 * The start patterns under which browsers sniff a resource as HTML (WHATWG MIME Sniffing §7.1),
 * each followed by a space or `>`; `<!--` on its own.
 */
const HTML_START =
  /^(?:<!--|<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p)[\s>])/i;

/**
 * The root element's name of an XML-ish document: skips an XML declaration, processing
 * instructions, comments and a DOCTYPE (with an internal subset). undefined when `head` does
 * not open with markup.
 */
export function xmlRootName(head: string): string | undefined {
  let rest = head.trimStart();
  for (let guard = 0; guard < 64; guard++) {
    if (rest.startsWith('<?')) {
      const end = rest.indexOf('?>');
      if (end < 0) return undefined;
      rest = rest.slice(end + 2).trimStart();
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->', 4);
      if (end < 0) return undefined;
      rest = rest.slice(end + 3).trimStart();
    } else if (/^<!doctype/i.test(rest)) {
      const subset = rest.indexOf('[');
      const close = rest.indexOf('>');
      const end = subset >= 0 && subset < close ? rest.indexOf(']>', subset) + 1 : close;
      if (end <= 0) return undefined;
      rest = rest.slice(end + 1).trimStart();
    } else {
      return /^<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1];
    }
  }
  return undefined;
}

/** Decides what a text head is: SVG (root element `svg`, any prefix), refused markup, or plain text. */
export function classifyTextHead(head: string): TextKind {
  const text = head.replace(/^\ufeff/, '');
  const root = xmlRootName(text);
  const local = root?.split(':').pop()?.toLowerCase();
  if (local === 'svg') return { kind: 'svg' };
  const start = text.trimStart();
  if (HTML_START.test(start)) return { kind: 'refused', mime: 'text/html' };
  if (/^<\?xml/i.test(start)) {
    return { kind: 'refused', mime: local === 'html' ? 'application/xhtml+xml' : 'application/xml' };
  }
  return { kind: 'text' };
}

/**
 * Reads the whole file: text is valid UTF-8 without a NUL byte. Returns its head's
 * classification, or undefined for binary content.
 */
export async function classifyTextFile(path: string): Promise<TextKind | undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let head = '';
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      const bytes = chunk as Buffer;
      if (bytes.includes(0)) return undefined;
      const decoded = decoder.decode(bytes, { stream: true });
      if (head.length < HEAD_CHARS) head += decoded.slice(0, HEAD_CHARS - head.length);
    }
    decoder.decode();
  } catch (e) {
    if (e instanceof TypeError) return undefined; // not valid UTF-8
    throw e;
  }
  return classifyTextHead(head);
}
