import { sql } from 'kysely';
import pg from 'pg';
import { type GatewayDatabase, openPostgres } from '../../apps/gateway/src/db/database';
import { migrateToLatest } from '../../apps/gateway/src/db/migrate';
import { MessagesRepository } from '../../apps/gateway/src/messages/repository';
import { bigramsOf, likeContains } from '../../apps/gateway/src/text/grams';
import { corpus } from './search-data';
import type { BenchResult } from './types';

/*
 * §4 message search at scale: 1,000,000 messages of one user (plus another user's, so the owner
 * filter is real) in PostgreSQL, searched for 2-character Chinese keywords through the
 * gateway's own repository (count + newest-first page), against an unindexed ILIKE scan of the
 * same rows in the same run.
 */

const ROWS = Number(process.env.SEARCH_BENCH_ROWS ?? 1_000_000);
const OTHER_ROWS = Math.round(ROWS / 50);
const USER = 'admin';
const OTHER = 'user_other';
const BATCH = 5_000;
const RUNS = 5;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** How many of the heavy user's messages hold each bigram, estimated from a sample (×scale). */
export type GramCounts = Map<string, number>;

/**
 * Fills the tables with the secondary indexes dropped, then builds them exactly as the
 * migration defines them. Returns estimated match counts per bigram, for choosing keywords.
 */
export async function load(
  database: GatewayDatabase,
  seed: number,
): Promise<{ counts: GramCounts; insertSeconds: number; indexSeconds: number }> {
  const { db } = database;
  const text = corpus(seed);
  const sessions = (user: string, n: number) => Array.from({ length: n }, (_, i) => `${user}-s${i}`);
  const mine = sessions(USER, 400);
  const theirs = sessions(OTHER, 20);
  const now = new Date();
  await db
    .insertInto('sessions')
    .values(
      [...mine.map((id) => ({ id, user_id: USER })), ...theirs.map((id) => ({ id, user_id: OTHER }))].map(
        (s) => ({
          ...s,
          title: `会话 ${s.id}`,
          is_main: false,
          created_at: now,
          updated_at: now,
        }),
      ),
    )
    .execute();

  const indexes = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes
    where tablename = 'messages' and indexname <> 'messages_pkey'`.execute(db);
  for (const { indexname } of indexes.rows) await sql`drop index ${sql.id(indexname)}`.execute(db);
  // A throwaway database: no WAL for the bulk load.
  await sql`alter table messages set unlogged`.execute(db);

  const counts: GramCounts = new Map();
  const sampleEvery = 10;
  const total = ROWS + OTHER_ROWS;
  let next = 0;
  const start = Date.now() - total * 1000;
  const worker = async () => {
    while (next < total) {
      const from = next;
      next = Math.min(total, next + BATCH);
      const columns = {
        session: [] as string[],
        user: [] as string[],
        role: [] as string[],
        content: [] as string[],
      };
      const grams: string[] = [];
      const times: string[] = [];
      for (let i = from; i < next; i++) {
        // Every 51st message is the other user's.
        const other = i % 51 === 50;
        const list = other ? theirs : mine;
        const content = text.message();
        const bigrams = bigramsOf(content);
        if (!other && i % sampleEvery === 0) {
          for (const g of bigrams) counts.set(g, (counts.get(g) ?? 0) + sampleEvery);
        }
        columns.session.push(list[i % list.length] ?? '');
        columns.user.push(other ? OTHER : USER);
        columns.role.push(i % 2 === 0 ? 'user' : 'assistant');
        columns.content.push(content);
        // \x1f never occurs in the generated text: it separates the grams for string_to_array.
        grams.push(bigrams.join('\x1f'));
        times.push(new Date(start + i * 1000).toISOString());
      }
      await sql`
        insert into messages (session_id, user_id, role, msg_type, content, bigrams, created_at)
        select s, u, r, 'chat', c, string_to_array(g, chr(31)), t
        from unnest(${columns.session}::text[], ${columns.user}::text[], ${columns.role}::text[],
                    ${columns.content}::text[], ${grams}::text[], ${times}::timestamptz[]) as x(s, u, r, c, g, t)`.execute(
        db,
      );
    }
  };
  const insertStarted = performance.now();
  await Promise.all([worker(), worker()]);
  const indexStarted = performance.now();
  await sql`set maintenance_work_mem = '512MB'`.execute(db);
  for (const { indexdef } of indexes.rows) await sql.raw(indexdef).execute(db);
  await sql`vacuum analyze messages`.execute(db);
  return {
    counts,
    insertSeconds: (indexStarted - insertStarted) / 1000,
    indexSeconds: (performance.now() - indexStarted) / 1000,
  };
}

/** Chinese bigrams whose estimated match counts lie nearest to each target. */
function keywordsNear(counts: GramCounts, targets: number[]): string[] {
  const chinese = [...counts].filter(([g]) => /^\p{Script=Han}{2}$/u.test(g)).sort((a, b) => a[1] - b[1]);
  return targets.flatMap((target) => {
    let best: [string, number] | undefined;
    for (const entry of chinese) {
      if (!best || Math.abs(Math.log(entry[1] / target)) < Math.abs(Math.log(best[1] / target))) best = entry;
    }
    return best ? [best[0]] : [];
  });
}

/** The same question without the gram index: count and newest page by ILIKE alone. */
async function unindexedSearch(database: GatewayDatabase, keyword: string): Promise<void> {
  const pattern = likeContains(keyword);
  const where = sql`m.user_id = ${USER} and m.content ilike ${pattern} escape '\\'`;
  await sql`select count(*) from messages m where ${where}`.execute(database.db);
  await sql`
    select m.id, m.session_id, s.title, m.role, m.content, m.created_at
    from messages m join sessions s on s.id = m.session_id
    where ${where} order by m.id desc limit 50`.execute(database.db);
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * The search p50/p95 over `keywords` (`runs` each), and the unindexed scan's over every
 * `baselineEvery`-th keyword (a full scan costs about the same whatever the keyword).
 */
async function measure(database: GatewayDatabase, keywords: string[], runs: number, baselineEvery: number) {
  const repo = new MessagesRepository(database.db);
  const indexed: number[] = [];
  const baseline: number[] = [];
  const totals: number[] = [];
  for (const [i, keyword] of keywords.entries()) {
    totals.push((await repo.search(USER, keyword, 50, 0)).total);
    for (let r = 0; r < runs; r++) indexed.push(await time(() => repo.search(USER, keyword, 50, 0)));
    if (i % baselineEvery === 0) baseline.push(await time(() => unindexedSearch(database, keyword)));
  }
  return {
    p50: percentile(indexed, 50),
    p95: percentile(indexed, 95),
    baseP50: percentile(baseline, 50),
    baseP95: percentile(baseline, 95),
    totals,
  };
}

export async function run(): Promise<BenchResult[]> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('search: skipped — DATABASE_URL is not set (run under scripts/with-postgres.sh)');
    return [];
  }
  const name = `cyrene_bench_search_${process.pid}`;
  await admin(url, (c) => c.query(`drop database if exists ${name} with (force)`));
  await admin(url, (c) => c.query(`create database ${name}`));
  const database = openPostgres(withDatabase(url, name), 4);
  try {
    await migrateToLatest(database.db);
    const { counts, insertSeconds, indexSeconds } = await load(database, 20261125);
    const measureStarted = performance.now();
    // One warm pass over the table, so neither side pays for the first read from disk.
    await unindexedSearch(database, '预热');

    // What people look for: topic words found in 0.001%–1% of their messages (log-spaced),
    // and words never said; very common words are measured on their own below.
    const targets = Array.from({ length: 16 }, (_, i) => ROWS * 10 ** (-5 + (3 * i) / 15));
    const topical = [...keywordsNear(counts, targets), '鲸鱼', '滑雪', '火锅', '咖啡'];
    const common = keywordsNear(counts, [ROWS * 0.05, ROWS]);
    const t = await measure(database, topical, RUNS, 3);
    const c = await measure(database, common, 2, 1);
    // One character has no bigram: the search falls back to the ILIKE scan, i.e. the baseline.
    const oneChar = keywordsNear(counts, [ROWS * 1e-3, ROWS * 1e-2]).map((k) => [...k][0] ?? '');
    const single = await measure(database, oneChar, 2, 1);

    console.log(
      `search: ${ROWS + OTHER_ROWS} messages inserted in ${insertSeconds.toFixed(0)} s, indexed in ${indexSeconds.toFixed(0)} s, ` +
        `measured in ${((performance.now() - measureStarted) / 1000).toFixed(0)} s; ` +
        `topic keywords' matches ${Math.min(...t.totals)}–${Math.max(...t.totals)}; ` +
        `common keywords' ${c.totals.join(', ')}; 1-char ${single.totals.join(', ')}`,
    );
    const result = (name: string, value: number, base: number, goal?: string): BenchResult => ({
      name,
      value: round(value),
      unit: 'ms',
      baseline: round(base),
      ratio: Math.round((value / base) * 1000) / 1000,
      ...(goal ? { goal } : {}),
    });
    const million = ROWS >= 1e6 ? `${(ROWS / 1e6).toFixed(1)}M messages` : `${ROWS / 1000}k messages`;
    return [
      result(`search ${million}: 2-char topic keyword, p95`, t.p95, t.baseP95, '≤ 50 ms'),
      result(`search ${million}: 2-char topic keyword, p50`, t.p50, t.baseP50),
      result(`search ${million}: 2-char keyword in ~5% / most`, c.p95, c.baseP95),
      result(`search ${million}: 1-char keyword (ILIKE scan), p95`, single.p95, single.baseP95, '≤ 150 ms'),
    ];
  } finally {
    await database.close();
    await admin(url, (c) => c.query(`drop database if exists ${name} with (force)`));
  }
}
