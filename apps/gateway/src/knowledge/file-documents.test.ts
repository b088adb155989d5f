import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOB_STORE_KINDS, useTestBlobStore } from '../files/testing/blob-stores';
import { pdf } from '../files/testing/fixtures';
import { postForm, type UploadedBody } from '../files/testing/multipart-client';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { registerTestUser, type TestUser } from '../testing/users';

describe.each(BLOB_STORE_KINDS)('§8 file documents (source_type file) (blob store: %s)', (kind) => {
  const store = useTestBlobStore(kind);
  let gw: TestGateway;
  let aliceToken: string;
  let alice: TestUser['api'];
  let bob: TestUser['api'];
  let kb: string;

  const upload = async (token: string, content: Buffer | string, filename: string, type: string) => {
    const res = await postForm<UploadedBody>(gw.url, '/api/v1/files/upload', token, [
      { field: 'file', content, filename, type },
    ]);
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${res.text}`);
    return res.body;
  };
  const addFile = (api: TestUser['api'], fileId: string, kbId = kb) =>
    api<Record<string, unknown>>('POST', `/knowledge/bases/${kbId}/documents`, {
      title: 'From a file',
      source_type: 'file',
      file_id: fileId,
    });

  beforeAll(async () => {
    gw = await startTestGateway({ env: store.env() });
    const aliceUser = await registerTestUser(gw, 'alice');
    aliceToken = aliceUser.token;
    alice = aliceUser.api;
    bob = (await registerTestUser(gw, 'bob')).api;
    kb = (await alice<{ id: string }>('POST', '/knowledge/bases', { name: 'files' })).body.id;
  });
  afterAll(() => gw.close());

  it('reads the caller’s uploaded text file (201), BOM dropped', async () => {
    const text = '会议纪要\n\n下周三发布新版本。Release notes are due Friday.';
    const file = await upload(aliceToken, `\ufeff${text}`, 'notes.txt', 'text/plain');
    const res = await addFile(alice, file.id);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      source_type: 'file',
      source_ref: file.id,
      content_type: file.mime_type,
      raw_content: text,
      chunk_count: 1,
    });
    const search = await alice<{ chunks: { document_id: string }[] }>('POST', '/knowledge/search', {
      query: '发布新版本',
    });
    expect(search.body.chunks[0]?.document_id).toBe(res.body.id);
  });

  it('refuses a file that is not text (400 unsupported_type, naming the type)', async () => {
    const file = await upload(aliceToken, pdf(), 'report.pdf', 'application/pdf');
    const res = await addFile(alice, file.id);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: `不支持的文件类型: ${file.mime_type}`,
      errorType: 'unsupported_type',
      hint: '仅支持文本类型 (text/*) 和 application/json',
    });
  });

  it('answers 404 for an unknown file and for another user’s file', async () => {
    const unknown = await addFile(alice, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ errorType: 'not_found' });
    const file = await upload(aliceToken, 'private notes', 'private.txt', 'text/plain');
    const bobKb = (await bob<{ id: string }>('POST', '/knowledge/bases', { name: 'mine' })).body.id;
    const theirs = await addFile(bob, file.id, bobKb);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(unknown.body);
    expect((await bob<{ total: number }>('GET', `/knowledge/bases/${bobKb}/documents`)).body.total).toBe(0);
  });
});
