import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, type TestUser } from '../testing/users';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOT_FOUND_KB = { error: '知识库不存在', errorType: 'not_found' };
const NOT_FOUND_DOC = { error: '文档不存在', errorType: 'not_found' };

interface Kb {
  id: string;
  name: string;
  description: string;
  doc_count: number;
  created_at: string;
  updated_at: string;
}
interface Doc {
  id: string;
  raw_content: string;
  chunk_count: number;
}
interface Chunk {
  id: string;
  document_id: string;
  index: number;
  content: string;
  char_start: number;
  char_end: number;
}

describe('§8 knowledge bases and documents', () => {
  let gw: TestGateway;
  const clock = new ManualClock(new Date('2026-03-01T08:00:00.000Z'));
  let alice: TestUser['api'];
  let bob: TestUser['api'];
  let kb: Kb;

  beforeAll(async () => {
    gw = await startTestGateway({ clock });
    alice = (await registerTestUser(gw, 'alice')).api;
    bob = (await registerTestUser(gw, 'bob')).api;
  });
  afterAll(() => gw.close());

  describe('knowledge bases', () => {
    it('creates one (201) with an empty description and no documents', async () => {
      const res = await alice<Kb>('POST', '/knowledge/bases', { name: '  产品手册  ' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        user_id: 'user_alice',
        name: '产品手册',
        description: '',
        created_at: '2026-03-01T08:00:00.000Z',
        updated_at: '2026-03-01T08:00:00.000Z',
        doc_count: 0,
      });
      kb = res.body;
    });

    it.each([
      [{}, '知识库名称不能为空'],
      [{ name: '   ' }, '知识库名称不能为空'],
      [{ name: 42 }, '知识库名称不能为空'],
      [{ name: 'x'.repeat(101) }, '知识库名称不能超过 100 个字符'],
      [{ name: 'ok', description: 5 }, '知识库描述必须是字符串'],
    ])('refuses %o with 400 %s', async (body, message) => {
      const res = await alice('POST', '/knowledge/bases', body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: message, errorType: 'validation_failed', hint: expect.any(String) });
    });

    it('lists the caller’s own, newest first, with total and doc_count', async () => {
      clock.advance(1000);
      const second = await alice<Kb>('POST', '/knowledge/bases', { name: 'Notes', description: 'misc' });
      await bob('POST', '/knowledge/bases', { name: 'Bob’s' });
      const res = await alice<{ knowledge_bases: Kb[]; total: number }>('GET', '/knowledge/bases');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ knowledge_bases: [second.body, kb], total: 2 });
    });

    it('updates the name, keeps an absent description, clears it with ""', async () => {
      clock.advance(1000);
      const res = await alice('PUT', `/knowledge/bases/${kb.id}`, { name: 'Manual', description: 'v2' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'updated' });
      await alice('PUT', `/knowledge/bases/${kb.id}`, { name: 'Manual 2' });
      let detail = await alice<{ knowledge_base: Kb }>('GET', `/knowledge/bases/${kb.id}`);
      expect(detail.body.knowledge_base).toMatchObject({
        name: 'Manual 2',
        description: 'v2',
        updated_at: '2026-03-01T08:00:02.000Z',
      });
      await alice('PUT', `/knowledge/bases/${kb.id}`, { name: 'Manual', description: '' });
      detail = await alice<{ knowledge_base: Kb }>('GET', `/knowledge/bases/${kb.id}`);
      expect(detail.body.knowledge_base.description).toBe('');
    });

    it('requires a name on update (400) and answers 404 for an unknown id', async () => {
      const res = await alice('PUT', `/knowledge/bases/${kb.id}`, { description: 'x' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: '知识库名称不能为空' });
      const unknown = await alice('PUT', '/knowledge/bases/not-a-real-id', { name: 'x' });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual(NOT_FOUND_KB);
    });

    it('needs a token (401)', async () => {
      const res = await call(gw.url, 'GET', '/api/v1/knowledge/bases');
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ errorType: 'unauthorized' });
    });
  });

  describe('documents', () => {
    let doc: Doc;
    const text =
      '第一章 安装。先下载安装包,然后运行安装程序。\n\n第二章 配置。打开设置页面,填写服务器地址。保存后重启应用。';

    it('adds a text document (201), chunked and counted', async () => {
      clock.advance(1000);
      const res = await alice<Doc>('POST', `/knowledge/bases/${kb.id}/documents`, {
        title: '安装指南',
        content: text,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        kb_id: kb.id,
        user_id: 'user_alice',
        title: '安装指南',
        source_type: 'text',
        source_ref: '',
        content_type: 'text/plain',
        raw_content: text,
        chunk_count: 1,
        created_at: '2026-03-01T08:00:03.000Z',
        updated_at: '2026-03-01T08:00:03.000Z',
      });
      doc = res.body;
    });

    it('returns the chunks in order, each a slice of raw_content', async () => {
      const long = Array.from(
        { length: 40 },
        (_, i) => `Sentence number ${i} explains one more detail.`,
      ).join(' ');
      const added = await alice<Doc>('POST', `/knowledge/bases/${kb.id}/documents`, {
        title: 'Long',
        content: long,
        source_type: 'text',
      });
      expect(added.body.chunk_count).toBeGreaterThan(2);
      const res = await alice<{ document: Doc; chunks: Chunk[] }>(
        'GET',
        `/knowledge/documents/${added.body.id}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.document).toEqual(added.body);
      expect(res.body.chunks).toHaveLength(added.body.chunk_count);
      res.body.chunks.forEach((chunk, i) => {
        expect(chunk).toEqual({
          id: expect.stringMatching(UUID),
          document_id: added.body.id,
          index: i,
          content: long.slice(chunk.char_start, chunk.char_end),
          char_start: expect.any(Number),
          char_end: expect.any(Number),
        });
        expect(chunk.content).toMatch(/\.$/);
      });
      expect(res.body.chunks[0]?.char_start).toBe(0);
      expect(res.body.chunks.at(-1)?.char_end).toBe(long.length);
      await alice('DELETE', `/knowledge/documents/${added.body.id}`);
    });

    it.each([
      [{ content: 'x' }, '文档标题不能为空'],
      [{ title: 'T' }, '文档内容不能为空'],
      [{ title: 'T', content: '  \n ' }, '文档内容不能为空'],
      [{ title: 'T', source_type: 'pdf', content: 'x' }, 'source_type 必须是 text、file 或 url'],
      [{ title: 'T', source_type: 'file' }, 'file_id 不能为空'],
      [{ title: 'T', source_type: 'url' }, 'url 不能为空'],
      [{ title: 'T', source_type: 'url', url: 'ftp://example.com/a' }, 'url 格式无效 (仅支持 http/https)'],
    ])('refuses %o with 400 %s', async (body, message) => {
      const res = await alice('POST', `/knowledge/bases/${kb.id}/documents`, body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: message, errorType: 'validation_failed', hint: expect.any(String) });
    });

    it('answers 404 adding to an unknown knowledge base', async () => {
      const res = await alice('POST', '/knowledge/bases/nope/documents', { title: 'T', content: 'x' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND_KB);
    });

    it('lists documents with total, and the base shows them and its doc_count', async () => {
      const list = await alice<{ documents: Doc[]; total: number }>(
        'GET',
        `/knowledge/bases/${kb.id}/documents`,
      );
      expect(list.status).toBe(200);
      expect(list.body).toEqual({ documents: [doc], total: 1 });
      const detail = await alice<{ knowledge_base: Kb; documents: Doc[] }>(
        'GET',
        `/knowledge/bases/${kb.id}`,
      );
      expect(detail.body).toEqual({
        knowledge_base: expect.objectContaining({ id: kb.id, doc_count: 1 }),
        documents: [doc],
      });
    });

    it('keeps another user out of everything: 404, never the contents', async () => {
      const kbPaths: [string, string, unknown?][] = [
        ['GET', `/knowledge/bases/${kb.id}`],
        ['PUT', `/knowledge/bases/${kb.id}`, { name: 'mine now' }],
        ['DELETE', `/knowledge/bases/${kb.id}`],
        ['GET', `/knowledge/bases/${kb.id}/documents`],
        ['POST', `/knowledge/bases/${kb.id}/documents`, { title: 'T', content: 'x' }],
        ['POST', `/knowledge/bases/${kb.id}/reindex`],
      ];
      for (const [method, path, body] of kbPaths) {
        const res = await bob(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body).toEqual(NOT_FOUND_KB);
      }
      for (const method of ['GET', 'DELETE']) {
        const res = await bob(method, `/knowledge/documents/${doc.id}`);
        expect(res.status).toBe(404);
        expect(res.body).toEqual(NOT_FOUND_DOC);
      }
      const search = await bob('POST', '/knowledge/search', { query: '安装', kb_ids: [kb.id] });
      expect(search.status).toBe(404);
      expect(search.body).toEqual(NOT_FOUND_KB);
      const own = await bob<{ chunks: unknown[] }>('POST', '/knowledge/search', { query: '安装程序' });
      expect(own.body).toEqual({ chunks: [], total: 0, query: '安装程序' });
      // Still Alice's, untouched.
      const detail = await alice<{ knowledge_base: Kb }>('GET', `/knowledge/bases/${kb.id}`);
      expect(detail.body.knowledge_base).toMatchObject({ name: 'Manual', doc_count: 1 });
    });

    it('deletes a document with its chunks', async () => {
      const extra = await alice<Doc>('POST', `/knowledge/bases/${kb.id}/documents`, {
        title: 'X',
        content: '临时文档',
      });
      const res = await alice('DELETE', `/knowledge/documents/${extra.body.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'deleted' });
      expect((await alice('GET', `/knowledge/documents/${extra.body.id}`)).body).toEqual(NOT_FOUND_DOC);
      expect((await alice('DELETE', `/knowledge/documents/${extra.body.id}`)).status).toBe(404);
      const search = await alice<{ total: number }>('POST', '/knowledge/search', { query: '临时文档' });
      expect(search.body.total).toBe(0);
    });

    it('deletes a knowledge base with its documents and chunks', async () => {
      const res = await alice('DELETE', `/knowledge/bases/${kb.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'deleted' });
      expect((await alice('GET', `/knowledge/bases/${kb.id}`)).body).toEqual(NOT_FOUND_KB);
      expect((await alice('GET', `/knowledge/documents/${doc.id}`)).body).toEqual(NOT_FOUND_DOC);
      expect((await alice('DELETE', `/knowledge/bases/${kb.id}`)).status).toBe(404);
      const left = await gw.database.db
        .selectFrom('knowledge_chunks')
        .select('id')
        .where('kb_id', '=', kb.id)
        .execute();
      expect(left).toEqual([]);
      const terms = await gw.database.db
        .selectFrom('knowledge_terms')
        .select('term')
        .where('kb_id', '=', kb.id)
        .execute();
      expect(terms).toEqual([]);
    });
  });
});
