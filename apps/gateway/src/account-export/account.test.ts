import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOB_STORE_KINDS, useTestBlobStore } from '../files/testing/blob-stores';
import { postForm } from '../files/testing/multipart-client';
import { ApiError } from '../http/api-error';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, type TestUser } from '../testing/users';
import { createAccountArchive } from './create';

/** REST calls as one user, and what a raw fetch needs to act as them. */
type Api = TestUser['api'] & { baseUrl: string; headers: Record<string, string> };

/** A 1×1 PNG: stored content that is not text. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function download(
  gw: TestGateway,
  token: string,
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${gw.url}/api/v1/account/export`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const lines = (archive: Buffer) =>
  gunzipSync(archive)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Everything alice can read about her data through the REST API (message ids left out: they are per database). */
async function readEverything(api: Api) {
  const sessions = (await api<{ sessions: { id: string }[] }>('GET', '/sessions')).body.sessions;
  const messages = await Promise.all(
    sessions.map(async (s) =>
      (
        await api<{ messages: { id: number }[] }>('GET', `/sessions/${s.id}/messages?limit=100`)
      ).body.messages.map(({ id: _id, ...m }) => m),
    ),
  );
  const search = (
    await api<{ results: { message_id: string }[] }>('GET', '/messages/search?q=天气')
  ).body.results.map(({ message_id: _id, ...r }) => r);
  const files = (await api<{ files: { id: string }[] }>('GET', '/files')).body;
  const contents = await Promise.all(
    files.files.map(async (f) => {
      const res = await fetch(`${api.baseUrl}/api/v1/files/${f.id}/download`, { headers: api.headers });
      return Buffer.from(await res.arrayBuffer()).toString('base64');
    }),
  );
  const bases = (await api<{ knowledge_bases: { id: string }[] }>('GET', '/knowledge/bases')).body;
  const details = await Promise.all(
    bases.knowledge_bases.map(async (b) => (await api('GET', `/knowledge/bases/${b.id}`)).body),
  );
  const documents = await Promise.all(
    (details as { documents: { id: string }[] }[]).flatMap((d) =>
      d.documents.map(async (doc) => (await api('GET', `/knowledge/documents/${doc.id}`)).body),
    ),
  );
  const knowledgeSearch = (await api('POST', '/knowledge/search', { query: 'database backups' })).body;
  return {
    sessions,
    messages,
    search,
    files,
    contents,
    bases,
    details,
    documents,
    knowledgeSearch,
    memory: (await api('GET', '/memory')).body,
    memorySearch: (await api('GET', '/memory/search?q=tea')).body,
    reminders: (await api('GET', '/reminders')).body,
    rules: (await api('GET', '/automation/rules')).body,
    scenes: (await api('GET', '/automation/scenes')).body,
  };
}

describe.each(BLOB_STORE_KINDS)('account export and import (blob store: %s)', (kind) => {
  const store = useTestBlobStore(kind);
  let gw: TestGateway;
  let alice: Api;
  let aliceToken: string;
  let bob: TestUser;
  let before: Awaited<ReturnType<typeof readEverything>>;
  let archive: Buffer;

  const archives = () => createAccountArchive(gw.ctx, gw.services);
  const importInto = async (userId: string, bytes: Buffer) => {
    const read = await archives().read(Readable.from([bytes]));
    try {
      return await archives().import(userId, read);
    } finally {
      await read.discard();
    }
  };

  beforeAll(async () => {
    gw = await startTestGateway({ env: store.env() });
    const aliceUser = await registerTestUser(gw, 'alice');
    bob = await registerTestUser(gw, 'bob');
    aliceToken = aliceUser.token;
    alice = Object.assign(aliceUser.api, {
      baseUrl: gw.url,
      headers: { authorization: `Bearer ${aliceToken}` },
    });

    // Arrange: something in every area. Messages arrive by chat; the sessions service stores them.
    const main = (await alice<{ id: string }>('POST', '/sessions', { title: '主会话', is_main: true })).body;
    const other = (
      await alice<{ id: string }>('POST', '/sessions', { session_id: 'session_travel', title: '旅行' })
    ).body;
    for (const [sessionId, role, content] of [
      [main.id, 'user', '今天天气怎么样?'],
      [main.id, 'assistant', '晴,22 度。'],
      [other.id, 'user', '下周去东京'],
    ] as const) {
      await gw.services.sessions.appendMessage({
        sessionId,
        userId: 'user_alice',
        role,
        content,
        meta: { via: 'test' },
      });
    }
    const text = await postForm<{ id: string }>(gw.url, '/api/v1/files/upload', aliceToken, [
      {
        field: 'file',
        content: 'Backups of the database are taken nightly.\n',
        filename: 'notes.txt',
        type: 'text/plain',
      },
    ]);
    await postForm(gw.url, '/api/v1/files/upload', aliceToken, [
      { field: 'file', content: PNG, filename: 'dot.png', type: 'image/png' },
    ]);
    await alice('POST', '/memory', { content: 'Alice likes green tea', category: 'preference', priority: 7 });
    const kb = (
      await alice<{ id: string }>('POST', '/knowledge/bases', { name: 'Ops', description: 'runbooks' })
    ).body;
    await alice('POST', `/knowledge/bases/${kb.id}/documents`, {
      title: 'Backups',
      content: 'Database backups run every night. Restore them into an empty database.',
    });
    await alice('POST', `/knowledge/bases/${kb.id}/documents`, {
      title: 'From a file',
      source_type: 'file',
      file_id: text.body.id,
    });
    await alice('POST', '/reminders', {
      title: '交房租',
      remind_at: '2031-01-31T09:00:00+08:00',
      repeat_type: 'monthly',
      session_id: main.id,
    });
    const rule = (
      await alice<{ rule: { id: string } }>('POST', '/automation/rules', {
        name: '每天早上',
        trigger_type: 'schedule',
        trigger_config: { cron: '0 8 * * *', timezone: 'Asia/Shanghai' },
        actions: { steps: [{ type: 'notify', title: '早', body: '早上好' }] },
      })
    ).body.rule;
    await alice('POST', '/automation/rules', {
      name: '钩子',
      trigger_type: 'webhook',
      actions: { steps: [{ type: 'notify', title: 'hook', body: 'x' }] },
    });
    await alice('POST', '/automation/scenes', { name: '出门', icon: '🚪', rule_ids: [rule.id] });
    before = await readEverything(alice);
  });
  afterAll(() => gw.close());

  it('arranged data in every area (the comparison below means something)', () => {
    expect(before.sessions).toHaveLength(2);
    expect(before.messages.flat()).toHaveLength(3);
    expect(before.search).toHaveLength(1);
    expect(before.files.files).toHaveLength(2);
    expect((before.documents as unknown[]).length).toBe(2);
    expect((before.knowledgeSearch as { chunks: unknown[] }).chunks.length).toBeGreaterThan(0);
    expect((before.memorySearch as { memories: unknown[] }).memories).toHaveLength(1);
    expect((before.reminders as { count: number }).count).toBe(1);
    expect((before.rules as { count: number }).count).toBe(2);
    expect((before.scenes as { count: number }).count).toBe(1);
  });

  it('GET /account/export downloads the archive: header, records, content, end line', async () => {
    const res = await download(gw, aliceToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="cyrene-export-user_alice-\d{8}\.jsonl\.gz"$/,
    );
    archive = res.bytes;
    const all = lines(archive);
    expect(all[0]).toMatchObject({
      format: 'cyrene-account',
      version: 1,
      user_id: 'user_alice',
      profile: { username: 'alice', nickname: 'alice', email: 'alice@example.com' },
      counts: {
        sessions: { sessions: 2, messages: 3 },
        files: { files: 2 },
        knowledge: { bases: 1, documents: 2 },
        memory: { memories: 1 },
        reminders: { reminders: 1 },
        automation: { rules: 2, scenes: 1 },
      },
      blobs: 2,
    });
    expect(all.filter((l) => 'blob' in l)).toHaveLength(2);
    expect(all.at(-1)).toEqual({ end: { items: expect.any(Number), blobs: 2 } });
    // Nothing of the password, of other users, or of the database's own ids of messages.
    expect(gunzipSync(archive).toString()).not.toMatch(/argon2|password_hash|user_bob/);
  });

  it("another user's archive holds none of alice's data", async () => {
    const res = await download(gw, bob.token);
    expect(res.status).toBe(200);
    const [header] = lines(res.bytes);
    expect(header?.counts).toEqual({
      sessions: { sessions: 0, messages: 0 },
      files: { files: 0 },
      knowledge: { bases: 0, documents: 0, chunks: 0 },
      memory: { memories: 0 },
      reminders: { reminders: 0 },
      automation: { rules: 0, scenes: 0 },
    });
  });

  it('without a token it is 401', async () => {
    const res = await call(gw.url, 'GET', '/api/v1/account/export');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: '未提供认证令牌', errorType: 'unauthorized' });
  });

  it('importing next to the data it came from is a conflict and changes nothing', async () => {
    await expect(importInto('user_alice', archive)).rejects.toMatchObject({
      errorType: 'conflict',
      status: 409,
    });
    expect(await readEverything(alice)).toEqual(before);
  });

  it('exported, wiped, imported: every read is as before', async () => {
    for (const s of before.sessions) expect((await alice('DELETE', `/sessions/${s.id}`)).status).toBe(200);
    for (const f of before.files.files) expect((await alice('DELETE', `/files/${f.id}`)).status).toBe(200);
    for (const b of before.bases.knowledge_bases)
      expect((await alice('DELETE', `/knowledge/bases/${b.id}`)).status).toBe(200);
    const memories = (before.memory as { memories: { id: string }[] }).memories;
    for (const m of memories) expect((await alice('DELETE', `/memory?id=${m.id}`)).status).toBe(200);
    for (const r of (before.reminders as { reminders: { id: string }[] }).reminders) {
      expect((await alice('DELETE', `/reminders/${r.id}`)).status).toBe(200);
    }
    for (const s of (before.scenes as { scenes: { id: string }[] }).scenes) {
      expect((await alice('DELETE', `/automation/scenes/${s.id}`)).status).toBe(200);
    }
    for (const r of (before.rules as { rules: { id: string }[] }).rules) {
      expect((await alice('DELETE', `/automation/rules/${r.id}`)).status).toBe(200);
    }
    const wiped = await readEverything(alice);
    expect(wiped.sessions).toEqual([]);
    expect(wiped.files.files).toEqual([]);

    const summary = await importInto('user_alice', archive);
    expect(summary).toMatchObject({ userId: 'user_alice', blobs: 2 });
    expect(await readEverything(alice)).toEqual(before);
  });

  it('a cut archive is refused before anything is written', async () => {
    const cut = gzipSync(gunzipSync(archive).subarray(0, 2000));
    await expect(importInto('user_bob', cut)).rejects.toMatchObject({ errorType: 'validation_failed' });
    expect((await bob.api<{ sessions: unknown[] }>('GET', '/sessions')).body.sessions).toEqual([]);
  });

  it('a failure part way undoes the areas already written (one transaction)', async () => {
    // Sessions get free ids and go in first; the files, still alice's, then conflict.
    let text = gunzipSync(archive).toString('utf8');
    for (const s of before.sessions) text = text.replaceAll(`"${s.id}"`, `"${s.id}b"`);
    const error = await importInto('user_bob', gzipSync(Buffer.from(text))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      errorType: 'conflict',
      message: expect.stringMatching(/^文件 .+ 已存在$/),
    });
    expect((await bob.api<{ sessions: unknown[] }>('GET', '/sessions')).body.sessions).toEqual([]);
  });

  it('a record that breaks its area’s rules is 400 naming where', async () => {
    const text = gunzipSync(archive).toString('utf8').replace('"role":"user"', '"role":"robot"');
    await expect(importInto('user_bob', gzipSync(Buffer.from(text)))).rejects.toMatchObject({
      errorType: 'validation_failed',
      message: expect.stringContaining('归档内容无效: sessions.messages.0.role'),
    });
  });

  it('an archive for a user this gateway does not have is 404', async () => {
    await expect(importInto('user_nobody', archive)).rejects.toMatchObject({ errorType: 'not_found' });
  });
});
