import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../testing/fake-upstream';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser } from '../testing/users';
import { DEFAULT_SOURCE_SETTINGS, type FilesReader, SourceReader } from './sources';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Guide</title>
<script>var tracking = 1;</script></head><body><nav>Home · Blog</nav>
<article><h1>咖啡冲煮指南</h1><p>水温保持在 92 度左右。</p><p>Grind the beans &amp; brew for 4 minutes.</p></article>
<footer>Copyright</footer></body></html>`;

/** A web site on 127.0.0.1 serving what URL documents meet in the wild. */
function site() {
  return startFakeUpstream((req, res) => {
    switch (req.url) {
      case '/page.html':
        return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      case '/moved':
        return res.writeHead(301, { location: '/page.html' }).end();
      case '/gbk.txt':
        // "你好" in GBK.
        return res
          .writeHead(200, { 'content-type': 'text/plain; charset=gbk' })
          .end(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]));
      case '/data.json':
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"tip":"descale monthly"}');
      case '/doc.pdf':
        return res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7');
      case '/scripts-only.html':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<script>1</script>');
      case '/slow.txt':
        // Never answers (close() cuts it): only the reader's own timeout can end the wait.
        return;
      case '/huge.txt':
        return res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(6 * 1024 * 1024));
      default:
        return res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    }
  });
}

describe('§8 url documents', () => {
  let web: Awaited<ReturnType<typeof site>>;
  beforeAll(async () => {
    web = await site();
  });
  afterAll(() => web.close());

  async function userWithKb(gw: TestGateway) {
    const api = (await registerTestUser(gw, 'alice')).api;
    const kb = (await api<{ id: string }>('POST', '/knowledge/bases', { name: 'web' })).body.id;
    const addUrl = (url: string) =>
      api<Record<string, unknown>>('POST', `/knowledge/bases/${kb}/documents`, {
        title: 'Page',
        source_type: 'url',
        url,
      });
    return { api, kb, addUrl };
  }

  describe('by default', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway();
    });
    afterAll(() => gw.close());

    it('refuses loopback and private addresses (403), fetching nothing', async () => {
      const { addUrl, api, kb } = await userWithKb(gw);
      const before = web.requests.length;
      for (const url of [
        `${web.url}/page.html`,
        'http://localhost:9/x',
        'http://10.0.0.1/x',
        'http://[::1]/x',
      ]) {
        const res = await addUrl(url);
        expect(res.status, url).toBe(403);
        expect(res.body).toEqual({
          error: `不允许访问内网地址: ${new URL(url).hostname}`,
          errorType: 'forbidden',
          hint: '出于安全原因,本地和内网地址默认被拒绝',
        });
      }
      expect(web.requests.length).toBe(before);
      expect((await api<{ total: number }>('GET', `/knowledge/bases/${kb}/documents`)).body.total).toBe(0);
    });
  });

  describe('with KNOWLEDGE_ALLOW_PRIVATE_URLS=true', () => {
    let gw: TestGateway;
    let addUrl: Awaited<ReturnType<typeof userWithKb>>['addUrl'];
    let api: Awaited<ReturnType<typeof userWithKb>>['api'];
    let kb: string;
    beforeAll(async () => {
      gw = await startTestGateway({ env: { KNOWLEDGE_ALLOW_PRIVATE_URLS: 'true' } });
      ({ addUrl, api, kb } = await userWithKb(gw));
    });
    afterAll(() => gw.close());

    it('fetches a page and keeps its readable text (201)', async () => {
      const res = await addUrl(`${web.url}/page.html`);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        source_type: 'url',
        source_ref: `${web.url}/page.html`,
        content_type: 'text/html',
        raw_content: '咖啡冲煮指南\n\n水温保持在 92 度左右。\n\nGrind the beans & brew for 4 minutes.',
        chunk_count: 1,
      });
      const search = await api<{ chunks: { document_id: string }[] }>('POST', '/knowledge/search', {
        query: '水温',
      });
      expect(search.body.chunks[0]?.document_id).toBe(res.body.id);
    });

    it('follows redirects', async () => {
      const res = await addUrl(`${web.url}/moved`);
      expect(res.status).toBe(201);
      expect(res.body.raw_content).toContain('咖啡冲煮指南');
    });

    it('decodes the declared charset, and takes JSON as text', async () => {
      expect((await addUrl(`${web.url}/gbk.txt`)).body).toMatchObject({
        raw_content: '你好',
        content_type: 'text/plain',
      });
      expect((await addUrl(`${web.url}/data.json`)).body).toMatchObject({
        raw_content: '{"tip":"descale monthly"}',
        content_type: 'application/json',
      });
    });

    it('refuses what is not text (400 unsupported_type, naming the type)', async () => {
      const res = await addUrl(`${web.url}/doc.pdf`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: '不支持的文件类型: application/pdf',
        errorType: 'unsupported_type',
        hint: '仅支持文本类型 (text/*) 和 application/json',
      });
    });

    it('refuses a page with no text (400)', async () => {
      const res = await addUrl(`${web.url}/scripts-only.html`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: '文档没有可索引的文本内容', errorType: 'validation_failed' });
    });

    it('answers 502 when the page cannot be had: a status, a size cap, a dead address', async () => {
      const missing = await addUrl(`${web.url}/missing`);
      expect(missing.status).toBe(502);
      expect(missing.body).toEqual({
        error: '无法获取 URL 内容: HTTP 404',
        errorType: 'upstream_error',
        hint: `${web.url}/missing`,
      });
      const huge = await addUrl(`${web.url}/huge.txt`);
      expect(huge.status).toBe(502);
      expect(huge.body).toEqual({
        error: `响应过大 (超过 ${5 * 1024 * 1024} 字节)`,
        errorType: 'upstream_error',
      });
      const dead = await addUrl('http://127.0.0.1:1/nothing');
      expect(dead.status).toBe(502);
      expect(dead.body).toMatchObject({
        error: expect.stringMatching(/^无法访问 http:\/\/127\.0\.0\.1:1: /),
        errorType: 'upstream_error',
      });
      const docs = await api<{ total: number }>('GET', `/knowledge/bases/${kb}/documents`);
      expect(docs.body.total).toBe(4);
    });
  });

  it('gives up on a page that takes longer than its timeout (502)', async () => {
    const noFiles: FilesReader = {
      getOwnedFile: () => Promise.reject(new Error('no files here')),
      readBytes: () => Promise.reject(new Error('no files here')),
    };
    const reader = new SourceReader(
      { ...DEFAULT_SOURCE_SETTINGS, allowPrivateUrls: true, urlTimeoutMs: 100 },
      noFiles,
    );
    const alice = { userId: 'user_alice', username: 'alice', isAdmin: false };
    await expect(
      reader.read(alice, { title: 'T', source_type: 'url', url: `${web.url}/slow.txt` }),
    ).rejects.toMatchObject({
      errorType: 'upstream_error',
      message: `无法访问 ${web.url}: 请求超时 (100 ms)`,
    });
  });
});
