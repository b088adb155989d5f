/*
 * A third party's program: a client generated from docs/openapi.json by openapi-typescript and
 * called through openapi-fetch, with no cast and nothing imported from this repository. The test
 * beside it (apps/gateway/src/docs/third-party-client.test.ts) generates ./generated/schema.d.ts,
 * compiles this file with `tsc --strict`, and runs it against a live gateway.
 */
import createClient from 'openapi-fetch';
import type { paths } from './generated/schema';

export interface FlowResult {
  userId: string;
  sessionTitle: string;
  isMain: boolean;
  messageCount: number;
  searchTotal: number;
  downloaded: string;
  downloadType: string | null;
  reminderStatus: string;
  knowledgeHits: number;
  deleted: string;
}

/** Fails with the gateway's own error text when a call does not succeed. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${result.response.status}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

export async function runFlow(
  baseUrl: string,
  admin: { username: string; password: string },
): Promise<FlowResult> {
  const client = createClient<paths>({ baseUrl });

  ok(await client.POST('/api/v1/auth/login', { body: admin }));
  const username = `tp_${Date.now().toString(36)}`;
  const registered = ok(
    await client.POST('/api/v1/auth/register', {
      body: {
        username,
        password: 'secret123',
        email: `${username}@example.com`,
        nickname: 'Third',
        verify_code: '000000',
      },
    }),
  );
  const login = ok(await client.POST('/api/v1/auth/login', { body: { username, password: 'secret123' } }));
  const headers = { Authorization: `Bearer ${login.token}` };

  // Defaulted fields (is_main) stay optional in the generated type.
  const session = ok(
    await client.POST('/api/v1/sessions', { headers, body: { title: 'Third-party session' } }),
  );
  const messages = ok(
    await client.GET('/api/v1/sessions/{id}/messages', { headers, params: { path: { id: session.id } } }),
  );
  const search = ok(
    await client.GET('/api/v1/messages/search', { headers, params: { query: { q: 'hello' } } }),
  );

  const upload = ok(
    await client.POST('/api/v1/files/upload', {
      headers,
      body: { file: new Blob(['hello from a generated client'], { type: 'text/plain' }) },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('file', body.file, 'hello.txt');
        return form;
      },
    }),
  );
  const download = await client.GET('/api/v1/files/{id}/download', {
    headers,
    params: { path: { id: upload.id } },
    parseAs: 'text',
  });

  const reminder = ok(
    await client.POST('/api/v1/reminders', {
      headers,
      body: { title: 'Call back', remind_at: '2030-01-01T09:00' },
    }),
  );

  const base = ok(await client.POST('/api/v1/knowledge/bases', { headers, body: { name: 'Handbook' } }));
  ok(
    await client.POST('/api/v1/knowledge/bases/{id}/documents', {
      headers,
      params: { path: { id: base.id } },
      body: { title: 'Install', content: 'Run npm ci, then npm start to install the gateway.' },
    }),
  );
  const hits = ok(await client.POST('/api/v1/knowledge/search', { headers, body: { query: 'install' } }));

  const deleted = ok(
    await client.DELETE('/api/v1/sessions/{id}', { headers, params: { path: { id: session.id } } }),
  );

  return {
    userId: registered.user_id,
    sessionTitle: session.title,
    isMain: session.is_main,
    messageCount: messages.messages.length,
    searchTotal: search.total,
    downloaded: download.data ?? '',
    downloadType: download.response.headers.get('content-type'),
    reminderStatus: reminder.reminder.status,
    knowledgeHits: hits.chunks.length,
    deleted: deleted.status,
  };
}
