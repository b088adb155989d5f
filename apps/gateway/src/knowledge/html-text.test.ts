import { describe, expect, it } from 'vitest';
import { declaredCharset, htmlToText } from './html-text';

describe('htmlToText', () => {
  it('keeps the words a reader sees, in paragraphs, entities decoded', () => {
    const html = `<!doctype html><html><head><title>T</title><style>p{color:red}</style>
      <script>alert("x")</script></head><body>
      <nav><a href="/">Home</a> | <a href="/about">About</a></nav>
      <h1>Fish &amp; Chips</h1>
      <p>Crispy   batter,
         soft fish.</p><p>Serve with <b>salt</b> &#x26; vinegar&nbsp;!</p>
      <ul><li>One</li><li>Two</li></ul>
      <form><button>Buy</button><input value="x"></form>
      <footer>© 2026</footer></body></html>`;
    expect(htmlToText(html)).toBe(
      'Fish & Chips\n\nCrispy batter, soft fish.\n\nServe with salt & vinegar !\n\nOne\nTwo\n\n© 2026',
    );
  });

  it('keeps only <main> or <article> when the page marks its content', () => {
    const html =
      '<body><header>Site name</header><main><h2>标题</h2><p>正文第一段。</p><p>正文第二段。</p></main><p>Related links</p></body>';
    expect(htmlToText(html)).toBe('标题\n\n正文第一段。\n\n正文第二段。');
  });

  it('breaks lines at <br> and table rows, and survives broken markup', () => {
    expect(htmlToText('<div>a<br>b</div><table><tr><td>x</td><td>y</td></tr><tr><td>z')).toBe(
      'a\nb\n\nx y\nz',
    );
    expect(htmlToText('<p>unclosed <i>tags <p>next')).toBe('unclosed tags\n\nnext');
  });
});

describe('declaredCharset', () => {
  it('reads <meta charset> and the http-equiv form', () => {
    expect(declaredCharset('<meta charset="GBK">')).toBe('gbk');
    expect(declaredCharset('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')).toBe(
      'gb2312',
    );
    expect(declaredCharset('<p>none</p>')).toBeUndefined();
  });
});
