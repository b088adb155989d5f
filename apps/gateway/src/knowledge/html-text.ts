import { Parser } from 'htmlparser2';

/*
 * HTML → readable text for URL documents. htmlparser2 (the forgiving parser behind cheerio)
 * tokenises and decodes entities; what is kept is decided here: no scripts, styles, forms or
 * navigation; paragraphs and headings become blank-line-separated paragraphs, so the chunker
 * can end chunks where the page's paragraphs end. When the page marks its content with
 * <main> or <article>, only that is kept.
 */

/** Elements whose content is never text a reader sees. */
const SKIPPED = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
  'select',
  'button',
  'nav',
  'aside',
  'form',
]);

/** Elements that stand as paragraphs of their own. */
const PARAGRAPH = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'table',
  'ul',
  'ol',
  'dl',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'figure',
  'address',
  'hr',
]);

/** Elements that start a new line. */
const LINE = new Set(['br', 'div', 'li', 'tr', 'dt', 'dd', 'figcaption', 'caption', 'summary', 'details']);

const CONTENT_ROOTS = new Set(['main', 'article']);

/** Collects text; breaks between blocks count once, at the strongest level asked for. */
class TextSink {
  private parts: string[] = [];
  private pending: 0 | 1 | 2 = 0;

  text(s: string): void {
    if (this.pending > 0) {
      if (!s.trim()) return;
      this.parts.push(this.pending === 2 ? '\n\n' : '\n');
      this.pending = 0;
    }
    this.parts.push(s);
  }

  /** 1: a line break, 2: a paragraph break. */
  brk(level: 1 | 2): void {
    if (level > this.pending) this.pending = level;
  }

  result(): string {
    return this.parts
      .join('')
      .split('\n')
      .map((line) => line.trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}

export function htmlToText(html: string): string {
  const all = new TextSink();
  const content = new TextSink();
  let skipDepth = 0;
  let preDepth = 0;
  let contentDepth = 0;
  const sinks = () => (contentDepth > 0 ? [all, content] : [all]);
  const parser = new Parser(
    {
      onopentag(name) {
        if (skipDepth > 0 || SKIPPED.has(name)) {
          // Void elements never close; only count containers.
          if (SKIPPED.has(name)) skipDepth++;
          return;
        }
        if (CONTENT_ROOTS.has(name)) contentDepth++;
        if (name === 'pre') preDepth++;
        const level = PARAGRAPH.has(name) ? 2 : LINE.has(name) ? 1 : 0;
        if (level) for (const sink of sinks()) sink.brk(level);
        if (name === 'td' || name === 'th') for (const sink of sinks()) sink.text(' ');
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth > 0) return;
        const level = PARAGRAPH.has(name) ? 2 : LINE.has(name) && name !== 'br' ? 1 : 0;
        if (level) for (const sink of sinks()) sink.brk(level);
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (CONTENT_ROOTS.has(name)) contentDepth = Math.max(0, contentDepth - 1);
      },
      ontext(text) {
        if (skipDepth > 0) return;
        const s = preDepth > 0 ? text : text.replace(/\s+/g, ' ');
        for (const sink of sinks()) sink.text(s);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  const main = content.result();
  return main || all.result();
}

/** The charset a page declares in a <meta> near its start, if any. */
export function declaredCharset(head: string): string | undefined {
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
}
