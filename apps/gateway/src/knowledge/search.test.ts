import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger } from '../testing/captured-logger';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, signInTestAdmin, type TestUser } from '../testing/users';
import { routeEmbeddingsTo, startFakeEmbeddings } from './testing/fake-embeddings';

interface Hit {
  chunk_id: string;
  document_id: string;
  document_title: string;
  kb_id: string;
  content: string;
  chunk_index: number;
  score: number;
  match: 'lexical' | 'vector' | 'hybrid';
}
interface Result {
  chunks: Hit[];
  total: number;
  query: string;
}

const CHINESE = {
  天气: '今天北京天气晴朗,最高气温二十五度。明天可能下雨,出门记得带伞。',
  股票: '股票市场今天大幅上涨,科技板块领涨。投资者情绪乐观,成交量创新高。',
  猫: '我家的猫咪很可爱,每天晚上都在沙发上睡觉。它最喜欢吃鱼。',
};
const ENGLISH = {
  Postgres: "Postgres GIN indexes speed up array containment queries such as terms @> array['x'].",
  Bread: 'Bread needs flour, water, salt and yeast; knead the dough for ten minutes, then let it rise.',
  Guitar: 'The guitar has six strings and is usually tuned E A D G B E from low to high.',
};
/** One document whose paragraphs each fill a chunk: the right chunk, not just the right document. */
const TOPICS = [
  'volcano lava eruption',
  'penguin antarctic colony',
  'espresso crema grinder',
  'glacier ice melting',
];
const handbook = TOPICS.map((topic) =>
  Array.from({ length: 6 }, (_, i) => `This paragraph is about the ${topic} subject, sentence ${i}.`).join(
    ' ',
  ),
).join('\n\n');

describe('§8 POST /knowledge/search', () => {
  let gw: TestGateway;
  const { log, lines } = capturedLogger();
  let alice: TestUser['api'];
  const kbs: Record<'zh' | 'en', string> = { zh: '', en: '' };
  const docs: Record<string, string> = {};

  const search = (body: unknown) => alice<Result>('POST', '/knowledge/search', body);
  const add = async (kb: string, title: string, content: string) => {
    const res = await alice<{ id: string }>('POST', `/knowledge/bases/${kb}/documents`, { title, content });
    expect(res.status).toBe(201);
    docs[title] = res.body.id;
    return res.body.id;
  };

  beforeAll(async () => {
    gw = await startTestGateway({ log });
    alice = (await registerTestUser(gw, 'alice')).api;
    for (const lang of ['zh', 'en'] as const) {
      kbs[lang] = (await alice<{ id: string }>('POST', '/knowledge/bases', { name: lang })).body.id;
    }
    for (const [title, content] of Object.entries(CHINESE)) await add(kbs.zh, title, content);
    for (const [title, content] of Object.entries(ENGLISH)) await add(kbs.en, title, content);
    await add(kbs.en, 'Handbook', handbook);
  });
  afterAll(() => gw.close());

  describe('lexical, with no model configured', () => {
    it.each([
      ['明天会下雨吗', '天气'],
      ['股票上涨', '股票'],
      ['猫咪睡觉', '猫'],
      ['猫', '猫'],
      ['GIN index for array queries', 'Postgres'],
      ['how to knead dough', 'Bread'],
      ['GUITAR strings', 'Guitar'],
    ])('%s → %s first', async (query, title) => {
      const res = await search({ query, limit: 3 });
      expect(res.status).toBe(200);
      expect(res.body.chunks[0]).toMatchObject({
        document_title: title,
        document_id: docs[title],
        match: 'lexical',
      });
      expect(res.body.total).toBe(res.body.chunks.length);
      const scores = res.body.chunks.map((c) => c.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      for (const s of scores) expect(s).toBeGreaterThan(0);
      for (const s of scores) expect(s).toBeLessThanOrEqual(1);
    });

    it('finds the right chunk inside a long document', async () => {
      const detail = await alice<{ chunks: { index: number; content: string }[] }>(
        'GET',
        `/knowledge/documents/${docs.Handbook}`,
      );
      expect(detail.body.chunks.length).toBeGreaterThanOrEqual(TOPICS.length);
      const res = await search({ query: 'penguin colony', limit: 1 });
      const expected = detail.body.chunks.find((c) =>
        c.content.startsWith('This paragraph is about the penguin'),
      );
      expect(res.body.chunks).toEqual([
        {
          chunk_id: expect.any(String),
          document_id: docs.Handbook,
          document_title: 'Handbook',
          kb_id: kbs.en,
          content: expected?.content,
          chunk_index: expected?.index,
          score: expect.any(Number),
          match: 'lexical',
        },
      ]);
    });

    it('searches only the named knowledge bases', async () => {
      const both = await search({ query: 'Postgres 天气', limit: 10 });
      expect(new Set(both.body.chunks.map((c) => c.kb_id))).toEqual(new Set([kbs.zh, kbs.en]));
      const zh = await search({ query: 'Postgres 天气', kb_ids: [kbs.zh], limit: 10 });
      expect(zh.body.chunks.map((c) => c.kb_id)).toEqual([kbs.zh]);
      const all = await search({ query: 'Postgres 天气', kb_ids: [], limit: 10 });
      expect(all.body.total).toBe(both.body.total);
    });

    it('answers the trimmed query, an empty list when nothing matches, and limit 5 by default', async () => {
      expect((await search({ query: '  zzyzx  ' })).body).toEqual({ chunks: [], total: 0, query: 'zzyzx' });
      const many = await search({ query: 'paragraph sentence the 今天' });
      expect(many.body.total).toBe(5);
    });

    it.each([
      [{}, '查询内容不能为空'],
      [{ query: '   ' }, '查询内容不能为空'],
      [{ query: 'x', limit: 0 }, 'limit 必须是 1-50 的整数'],
      [{ query: 'x', limit: 51 }, 'limit 必须是 1-50 的整数'],
      [{ query: 'x', limit: 2.5 }, 'limit 必须是 1-50 的整数'],
      [{ query: 'x', limit: '5' }, 'limit 必须是 1-50 的整数'],
      [{ query: 'x', kb_ids: ['not-a-uuid'] }, 'kb_ids 必须是知识库 ID (UUID)'],
      [{ query: 'x', kb_ids: 'abc' }, 'kb_ids 必须是数组'],
    ])('refuses %o with 400 %s', async (body, message) => {
      const res = await search(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: message, errorType: 'validation_failed', hint: expect.any(String) });
    });

    it('answers 404 for a kb_ids entry that does not exist', async () => {
      const res = await search({ query: 'x', kb_ids: [kbs.zh, '00000000-0000-4000-8000-000000000000'] });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: '知识库不存在', errorType: 'not_found' });
    });
  });

  describe('hybrid, with an embedding model routed by the admin', () => {
    let fake: Awaited<ReturnType<typeof startFakeEmbeddings>>;
    let carKb: string;

    beforeAll(async () => {
      fake = await startFakeEmbeddings();
      carKb = (await alice<{ id: string }>('POST', '/knowledge/bases', { name: 'cars' })).body.id;
      // Added before any model exists: lexical only until reindexed.
      await add(carKb, 'Garage', 'My car needs new tires, but the engine runs fine.');
      await add(carKb, 'Pets', 'The kitten sleeps all day on the sofa.');
      await routeEmbeddingsTo(gw, fake.baseUrl);
    });
    afterAll(() => fake.close());

    it('embeds documents as they are added, with the routed provider and key', async () => {
      const before = fake.state.requests;
      await add(carKb, 'Music', 'She plays the guitar in a band every weekend.');
      expect(fake.state.requests).toBe(before + 1);
      expect(fake.requests.at(-1)).toMatchObject({
        url: '/v1/embeddings',
        headers: { authorization: 'Bearer sk-test-key' },
      });
      const res = await search({ query: 'song', kb_ids: [carKb] });
      expect(res.body.chunks).toEqual([
        expect.objectContaining({ document_title: 'Music', match: 'vector' }),
      ]);
    });

    it('reindexes older documents in the background (202), after which they rank by meaning', async () => {
      expect((await search({ query: 'automobile', kb_ids: [carKb] })).body.chunks).toEqual([]);
      const res = await alice('POST', `/knowledge/bases/${carKb}/reindex`);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ status: 'reindexing', documents: 3 });
      await gw.services.knowledge.reindexer.settled(carKb);
      const vector = await search({ query: 'automobile', kb_ids: [carKb] });
      expect(vector.body.chunks.map((c) => [c.document_title, c.match])).toEqual([['Garage', 'vector']]);
      const cat = await search({ query: 'feline', kb_ids: [carKb] });
      expect(cat.body.chunks[0]).toMatchObject({ document_title: 'Pets', match: 'vector' });
    });

    it('fuses both rankings: found by both is "hybrid" and first, with score 1', async () => {
      const res = await search({ query: 'car tires', kb_ids: [carKb] });
      expect(res.body.chunks[0]).toMatchObject({ document_title: 'Garage', match: 'hybrid', score: 1 });
      for (const c of res.body.chunks) expect(c.score).toBeLessThanOrEqual(1);
    });

    it('lets the administrator reindex a user’s knowledge base, and never runs two at once', async () => {
      const admin = (await signInTestAdmin(gw)).api;
      const started = lines.filter((l) => l.includes('knowledge base reindexed')).length;
      // The provider holds its answers: the first reindex is still running when the second is asked for.
      fake.hold();
      const [first, second] = await Promise.all([
        admin('POST', `/knowledge/bases/${carKb}/reindex`),
        alice('POST', `/knowledge/bases/${carKb}/reindex`),
      ]);
      expect([first.status, second.status]).toEqual([202, 202]);
      fake.release();
      await gw.services.knowledge.reindexer.settled(carKb);
      expect(lines.filter((l) => l.includes('knowledge base reindexed')).length).toBe(started + 1);
    });

    it('falls back to lexical results when the provider is down, and logs it', async () => {
      fake.state.failing = true;
      try {
        const res = await search({ query: 'car tires', kb_ids: [carKb] });
        expect(res.status).toBe(200);
        expect(res.body.chunks[0]).toMatchObject({ document_title: 'Garage', match: 'lexical' });
        expect(lines.some((l) => l.includes('degraded to lexical only'))).toBe(true);

        const added = await alice<{ id: string }>('POST', `/knowledge/bases/${carKb}/documents`, {
          title: 'Offline',
          content: 'Added while the vehicle model was down.',
        });
        expect(added.status).toBe(201);
        expect(lines.some((l) => l.includes('indexed without embeddings'))).toBe(true);

        // A reindex now stops at the first failure and keeps every existing vector.
        expect((await alice('POST', `/knowledge/bases/${carKb}/reindex`)).status).toBe(202);
        await gw.services.knowledge.reindexer.settled(carKb);
        expect(lines.some((l) => l.includes('reindex stopped'))).toBe(true);
      } finally {
        fake.state.failing = false;
      }
      const after = await search({ query: 'automobile', kb_ids: [carKb] });
      expect(after.body.chunks[0]).toMatchObject({ document_title: 'Garage', match: 'vector' });
    });
  });
});
