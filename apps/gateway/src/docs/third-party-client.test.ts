import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createClient } from '@hey-api/openapi-ts';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_ADMIN, type TestGateway } from '../testing/test-gateway';

/*
 * The published document as a third party uses it: openapi-typescript (a generator this
 * project does not control) writes the types from docs/openapi.json, scripts/third-party-client/
 * flow.ts calls the gateway through openapi-fetch with them, `tsc --strict` compiles it, and the
 * flow runs against a live gateway. The one generator option used is openapi-typescript's own
 * documented recipe for `format: binary` → Blob.
 */

const repo = new URL('../../../../', import.meta.url);
const clientDir = fileURLToPath(new URL('scripts/third-party-client/', repo));
const tsc = fileURLToPath(new URL('node_modules/typescript/bin/tsc', repo));

/** What scripts/third-party-client/flow.ts exports. */
interface ThirdPartyFlow {
  runFlow(baseUrl: string, admin: { username: string; password: string }): Promise<Record<string, unknown>>;
}

async function generateTypes(): Promise<void> {
  const blob = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier('Blob'));
  const ast = await openapiTS(new URL('docs/openapi.json', repo), {
    transform: (schema) => (schema.format === 'binary' ? blob : undefined),
  });
  await mkdir(`${clientDir}generated`, { recursive: true });
  await writeFile(`${clientDir}generated/schema.d.ts`, astToString(ast));
}

/** `tsc -p <project>`: exit code and what it printed. */
async function compile(project: string): Promise<{ code: number; output: string }> {
  return promisify(execFile)(process.execPath, [tsc, '-p', `${clientDir}${project}`]).then(
    () => ({ code: 0, output: '' }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, output: error.stdout ?? '' }),
  );
}

describe('a client generated from docs/openapi.json (openapi-typescript + openapi-fetch)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    await generateTypes();
    gateway = await startTestGateway();
  }, 120_000);
  afterAll(() => gateway?.close());

  it('compiles with tsc --strict, no casts', async () => {
    expect(await compile('tsconfig.json')).toEqual({ code: 0, output: '' });
  }, 180_000);

  it('runs login, register, sessions, messages, files, reminders and knowledge against a live gateway', async () => {
    // By a computed path: the repository's own typecheck must not reach the generated types.
    const flow: ThirdPartyFlow = await import(`${clientDir}flow.ts`);
    const { runFlow } = flow;
    const result = await runFlow(gateway.url, TEST_ADMIN);
    expect(result).toEqual({
      userId: expect.stringMatching(/^user_tp_/),
      sessionTitle: 'Third-party session',
      isMain: false,
      messageCount: 0,
      searchTotal: 0,
      downloaded: 'hello from a generated client',
      downloadType: 'text/plain; charset=utf-8',
      reminderStatus: 'pending',
      knowledgeHits: expect.any(Number),
      deleted: 'deleted',
    });
    expect(result.knowledgeHits).toBeGreaterThan(0);
  }, 60_000);
});

describe('a client generated from docs/openapi.json by @hey-api/openapi-ts', () => {
  it('compiles with tsc --strict', async () => {
    await createClient({
      input: fileURLToPath(new URL('docs/openapi.json', repo)),
      output: `${clientDir}generated/hey-api`,
      plugins: ['@hey-api/client-fetch'],
      logs: { level: 'silent' },
    });
    expect(await compile('tsconfig.hey-api.json')).toEqual({ code: 0, output: '' });
  }, 180_000);
});
