import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { type GatewayDatabase, openPostgres } from '../../apps/gateway/src/db/database';
import { migrateToLatest } from '../../apps/gateway/src/db/migrate';
import type { Database } from '../../apps/gateway/src/db/schema';
import type { PreparedChunk } from '../../apps/gateway/src/knowledge/chunk-writes';
import { Embedder } from '../../apps/gateway/src/knowledge/embedder';
import { DocumentIndexer } from '../../apps/gateway/src/knowledge/indexer';
import { KnowledgeRepository } from '../../apps/gateway/src/knowledge/repository';
import { KnowledgeSearch } from '../../apps/gateway/src/knowledge/search';
import { KnowledgeSearchRepository } from '../../apps/gateway/src/knowledge/search-repository';
import { createLogger } from '../../apps/gateway/src/logging/logger';
import { termVector } from '../../apps/gateway/src/text/tokens';
import { onServer, withDatabase } from './harness/isolation';
import { prng, zipf } from './search-data';
import type { BenchResult } from './types';

/*
 * §8 knowledge search at scale, lexical only (no embedding model): 100,000 chunks of one user,
 * half Chinese, half English, in 5 knowledge bases (plus another user's chunks, so the owner
 * filter is real), searched through the gateway's own KnowledgeSearch; the baseline is the
 * same ranking with the GIN index unusable (bitmap scans off: a scan of the user's chunks).
 * Then a 1 MB document is added through the real indexer and repository, against storing the
 * same chunks with no search terms.
 */

const CHUNKS = Number(process.env.KNOWLEDGE_BENCH_CHUNKS ?? 100_000);
const OTHER_CHUNKS = Math.round(CHUNKS / 20);
const USER = 'user_bench';
const OTHER = 'user_other';
const KBS = 5;
const CHUNKS_PER_DOC = 100;
const BATCH = 2_000;
const RUNS = 5;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Chinese-like and English-like text with Zipf word frequencies, deterministic for a seed. */
function textSource(seed: number) {
  const random = prng(seed);
  const chars = Array.from({ length: 3000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000)));
  const pickChar = zipf(chars.length, 1.0, random);
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ten',
    'ra',
    'sul',
    'bo',
    'ne',
    'tri',
    'ox',
    'ver',
    'an',
    'pu',
    'des',
    'gi',
  ];
  const zh: string[] = [];
  const en: string[] = [];
  const seen = new Set<string>();
  while (zh.length < 20_000) {
    const len = random() < 0.1 ? 1 : random() < 0.85 ? 2 : 3;
    let w = '';
    for (let i = 0; i < len; i++) w += chars[pickChar()];
    if (!seen.has(w)) zh.push(w);
    seen.add(w);
  }
  while (en.length < 20_000) {
    const len = 1 + Math.floor(random() * 4);
    let w = '';
    for (let i = 0; i < len; i++) w += syllables[Math.floor(random() * syllables.length)];
    if (!seen.has(w)) en.push(w);
    seen.add(w);
  }
  const pickZh = zipf(zh.length, 1.0, random);
  const pickEn = zipf(en.length, 1.0, random);
  const sentence = (chinese: boolean) => {
    const n = 5 + Math.floor(random() * 10);
    const words = Array.from({ length: n }, () => (chinese ? zh[pickZh()] : en[pickEn()]));
    return chinese ? `${words.join('')}。` : `${words.join(' ')}.`;
  };
  return {
    zh,
    en,
    /** A chunk-sized passage, as the chunker makes them (up to 500 characters). */
    passage(chinese: boolean): string {
      const target = chinese ? 200 + random() * 250 : 250 + random() * 230;
      let text = '';
      while (text.length < target) text += (text && !chinese ? ' ' : '') + sentence(chinese);
      return text.slice(0, 500);
    },
    sentence,
  };
}

type Source = ReturnType<typeof textSource>;

/** Loads the chunks with the GIN index dropped, keeps BM25's statistics exact, then builds the index. */
async function load(
  db: Kysely<Database>,
  text: Source,
): Promise<{ kbIds: string[]; seconds: number; indexSeconds: number }> {
  const started = performance.now();
  const now = new Date();
  const kbIds = Array.from({ length: KBS }, () => randomUUID());
  const otherKb = randomUUID();
  await db
    .insertInto('knowledge_bases')
    .values([
      ...kbIds.map((id, i) => ({
        id,
        user_id: USER,
        name: `kb ${i}`,
        description: '',
        created_at: now,
        updated_at: now,
      })),
      { id: otherKb, user_id: OTHER, name: 'other', description: '', created_at: now, updated_at: now },
    ])
    .execute();
  await sql`drop index knowledge_chunks_terms_idx`.execute(db);

  const stats = new Map<string, { chunks: number; tokens: number; df: Map<string, number> }>();
  for (const id of [...kbIds, otherKb]) stats.set(id, { chunks: 0, tokens: 0, df: new Map() });
  const total = CHUNKS + OTHER_CHUNKS;
  const insertBatch = async (from: number) => {
    const cols = {
      id: [] as string[],
      doc: [] as string[],
      kb: [] as string[],
      user: [] as string[],
      index: [] as number[],
      content: [] as string[],
      terms: [] as string[],
      freqs: [] as string[],
      count: [] as number[],
    };
    const docs: { id: string; kb_id: string; user_id: string }[] = [];
    for (let i = from; i < Math.min(total, from + BATCH); i++) {
      const mine = i < CHUNKS;
      const kb = mine ? (kbIds[Math.floor(i / CHUNKS_PER_DOC) % KBS] as string) : otherKb;
      if (i % CHUNKS_PER_DOC === 0)
        docs.push({ id: `doc-${i / CHUNKS_PER_DOC}`, kb_id: kb, user_id: mine ? USER : OTHER });
      const content = text.passage(i % 2 === 0);
      const vector = termVector(content);
      const kbStats = stats.get(kb);
      if (kbStats) {
        kbStats.chunks++;
        kbStats.tokens += vector.length;
        for (const t of vector.terms) kbStats.df.set(t, (kbStats.df.get(t) ?? 0) + 1);
      }
      cols.id.push(randomUUID());
      cols.doc.push(`doc-${Math.floor(i / CHUNKS_PER_DOC)}`);
      cols.kb.push(kb);
      cols.user.push(mine ? USER : OTHER);
      cols.index.push(i % CHUNKS_PER_DOC);
      cols.content.push(content);
      // \x1f never occurs in a term: it separates them for string_to_array.
      cols.terms.push(vector.terms.join('\x1f'));
      cols.freqs.push(vector.freqs.join(','));
      cols.count.push(vector.length);
    }
    if (docs.length > 0) {
      await db
        .insertInto('knowledge_documents')
        .values(
          docs.map((d) => ({
            ...d,
            title: d.id,
            source_type: 'text' as const,
            source_ref: '',
            content_type: 'text/plain',
            raw_content: '(bench)',
            chunk_count: CHUNKS_PER_DOC,
            token_count: 0,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    await sql`
      insert into knowledge_chunks
        (id, document_id, kb_id, user_id, chunk_index, content, char_start, char_end, terms, term_freqs, token_count)
      select id, doc, kb, u, ix, c, 0, length(c), string_to_array(t, chr(31)), string_to_array(f, ',')::smallint[], n
      from unnest(${cols.id}::text[], ${cols.doc}::text[], ${cols.kb}::text[], ${cols.user}::text[], ${cols.index}::int[],
                  ${cols.content}::text[], ${cols.terms}::text[], ${cols.freqs}::text[], ${cols.count}::int[])
        as x(id, doc, kb, u, ix, c, t, f, n)`.execute(db);
  };
  // Two workers: one generates and tokenises its batch while the other's is being inserted.
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const from = next;
      next += BATCH;
      await insertBatch(from);
    }
  };
  await Promise.all([worker(), worker()]);
  for (const [kb, s] of stats) {
    await db
      .updateTable('knowledge_bases')
      .set({ chunk_total: s.chunks, token_total: s.tokens })
      .where('id', '=', kb)
      .execute();
    // In key order: the primary key's btree then grows at its right edge.
    const terms = [...s.df.keys()].sort();
    for (let i = 0; i < terms.length; i += 50_000) {
      const part = terms.slice(i, i + 50_000);
      await sql`
        insert into knowledge_terms (kb_id, term, df)
        select ${kb}, t, d from unnest(${part}::text[], ${part.map((t) => s.df.get(t) ?? 0)}::int[]) as x(t, d)`.execute(
        db,
      );
    }
  }
  const indexStarted = performance.now();
  // One connection, so the memory setting applies to the index build.
  await db.connection().execute(async (conn) => {
    await sql`set maintenance_work_mem = '1GB'`.execute(conn);
    await sql`create index knowledge_chunks_terms_idx on knowledge_chunks using gin (terms)`.execute(conn);
    await sql`vacuum analyze knowledge_chunks`.execute(conn);
    await sql`vacuum analyze knowledge_terms`.execute(conn);
  });
  const end = performance.now();
  return { kbIds, seconds: (end - started) / 1000, indexSeconds: (end - indexStarted) / 1000 };
}

/** What people type: 2–3 words of middling or low frequency, a few common ones, in both languages. */
function queries(text: Source): string[] {
  const zh = (ranks: number[]) => ranks.map((r) => text.zh[r] ?? '').join('');
  const en = (ranks: number[]) => ranks.map((r) => text.en[r] ?? '').join(' ');
  return [
    zh([3, 40]),
    zh([120, 900]),
    zh([250, 4000]),
    zh([600, 1500, 9000]),
    zh([2000, 7000]),
    zh([5000, 12000]),
    zh([15000, 18000]),
    zh([8, 30, 70]),
    en([3, 40]),
    en([120, 900]),
    en([250, 4000]),
    en([600, 1500, 9000]),
    en([2000, 7000]),
    en([5000, 12000]),
    en([15000, 18000]),
    en([8, 30, 70]),
    `${text.zh[300]} ${text.en[300]}`,
    `${text.zh[3000]} ${text.en[3000]}`,
  ];
}

/** Adds a 1 MB mixed document through the real indexer and repository (no embedding model). */
async function addLargeDocument(database: GatewayDatabase, text: Source, indexer: DocumentIndexer) {
  const repo = new KnowledgeRepository(database.db);
  const now = new Date();
  const paragraphs: string[] = [];
  let bytes = 0;
  for (let p = 0; bytes < 1024 * 1024; p++) {
    const para = Array.from({ length: 4 + (p % 4) }, () => text.sentence(p % 2 === 0)).join(
      p % 2 === 0 ? '' : ' ',
    );
    paragraphs.push(para);
    bytes += Buffer.byteLength(para) + 2;
  }
  const raw = paragraphs.join('\n\n');
  const doc = (kbId: string) => ({
    id: randomUUID(),
    kb_id: kbId,
    user_id: USER,
    title: '1 MB',
    source_type: 'text' as const,
    source_ref: '',
    content_type: 'text/plain',
    raw_content: raw,
    created_at: now,
    updated_at: now,
  });
  const kbId = randomUUID();
  const plainKbId = randomUUID();
  await database.db
    .insertInto('knowledge_bases')
    .values(
      [kbId, plainKbId].map((id) => ({
        id,
        user_id: USER,
        name: id,
        description: '',
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();

  let chunks: PreparedChunk[] = [];
  const prepareMs = await time(async () => {
    chunks = await indexer.prepare(raw, { kbId, title: '1 MB' });
  });
  const storeMs = await time(() => repo.insertDocument(doc(kbId), chunks));
  // Baseline: the same chunks stored with no search terms (no GIN entries, no term statistics).
  const bare = chunks.map((c) => ({ ...c, id: randomUUID(), terms: [], term_freqs: [] }));
  const bareMs = await time(() => repo.insertDocument(doc(plainKbId), bare));
  return { bytes: Buffer.byteLength(raw), chunks: chunks.length, prepareMs, storeMs, bareMs };
}

export async function run(): Promise<BenchResult[]> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('knowledge: skipped — DATABASE_URL is not set (run under scripts/with-postgres.sh)');
    return [];
  }
  const name = `cyrene_bench_knowledge_${process.pid}`;
  await onServer(url, `drop database if exists ${name} with (force)`);
  await onServer(url, `create database ${name}`);
  const database = openPostgres(withDatabase(url, name), 4);
  // One connection that can never use the GIN index (it is reachable only through bitmap scans).
  const unindexed = openPostgres(withDatabase(url, name), 1);
  try {
    await migrateToLatest(database.db);
    const text = textSource(20261125);
    const loaded = await load(database.db, text);
    await sql`set enable_bitmapscan = off`.execute(unindexed.db);

    const log = createLogger('silent');
    const embedder = new Embedder({ resolve: async () => undefined }, log);
    const search = new KnowledgeSearch(new KnowledgeSearchRepository(database.db), embedder, log);
    const baselineSearch = new KnowledgeSearch(new KnowledgeSearchRepository(unindexed.db), embedder, log);
    const caller = { userId: USER, username: 'bench', isAdmin: false };
    const body = (query: string) => ({ query, limit: 10 });

    const indexed: number[] = [];
    const baseline: number[] = [];
    let slowest = { query: '', ms: 0 };
    let sameTop = 0;
    for (const query of queries(text)) {
      const first = await search.search(caller, body(query));
      if (first.total === 0) throw new Error(`bench query "${query}" found nothing`);
      for (let i = 0; i < RUNS; i++) {
        const ms = await time(() => search.search(caller, body(query)));
        indexed.push(ms);
        if (ms > slowest.ms) slowest = { query, ms };
      }
      const base = await baselineSearch.search(caller, body(query));
      // The same ranking either way, except where candidates are cut at the budget in scan order.
      if (base.chunks[0]?.chunk_id === first.chunks[0]?.chunk_id) sameTop++;
      baseline.push(await time(() => baselineSearch.search(caller, body(query))));
    }

    const large = await addLargeDocument(database, text, new DocumentIndexer(embedder, log));
    console.log(
      `knowledge: ${CHUNKS + OTHER_CHUNKS} chunks loaded in ${loaded.seconds.toFixed(1)} s ` +
        `(GIN build + analyze ${loaded.indexSeconds.toFixed(1)} s); ${queries(text).length} queries × ${RUNS}; ` +
        `slowest "${slowest.query}" ${round(slowest.ms)} ms; same best chunk as the scan for ${sameTop}; ` +
        `1 MB document: ${large.bytes} bytes, ${large.chunks} chunks`,
    );
    const p95 = percentile(indexed, 95);
    const p95Base = percentile(baseline, 95);
    const p50 = percentile(indexed, 50);
    const p50Base = percentile(baseline, 50);
    return [
      {
        name: `knowledge search: lexical, p95 (${CHUNKS / 1000}k chunks)`,
        value: round(p95),
        unit: 'ms',
        baseline: round(p95Base),
        ratio: p95 / p95Base,
        goal: '≤ 50 ms',
      },
      {
        name: `knowledge search: lexical, p50 (${CHUNKS / 1000}k chunks)`,
        value: round(p50),
        unit: 'ms',
        baseline: round(p50Base),
        ratio: p50 / p50Base,
      },
      { name: 'knowledge add 1 MB: chunk + tokenize', value: round(large.prepareMs), unit: 'ms' },
      {
        name: 'knowledge add 1 MB: store + index',
        value: round(large.storeMs),
        unit: 'ms',
        baseline: round(large.bareMs),
        ratio: large.storeMs / large.bareMs,
        goal: '≤ 3×',
      },
    ];
  } finally {
    await unindexed.close();
    await database.close();
    await onServer(url, `drop database if exists ${name} with (force)`);
  }
}
