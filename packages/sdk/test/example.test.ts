import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestGateway, TEST_ADMIN, type TestGateway } from '@cyrene/gateway/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * examples/node-chat.ts run as a user runs it (tsx, from the repository root, where tsconfig maps
 * @cyrene/sdk to its source) against a live gateway whose AI-Core is a two-line SSE stream.
 */
const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** An AI-Core answering every chat with the same two deltas (spec README: SSE, then [DONE]). */
async function startAiCore(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"delta":"你好,"}\n\n');
      res.write('data: {"delta":"我是赛琳娜。"}\n\n');
      res.write('data: {"done":true,"finish_reason":"stop"}\n\n');
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('examples/node-chat.ts', () => {
  let gw: TestGateway;
  let core: Awaited<ReturnType<typeof startAiCore>>;

  beforeAll(async () => {
    core = await startAiCore();
    gw = await startTestGateway({ env: { AI_CORE_URL: core.url } });
  });
  afterAll(async () => {
    await gw?.close();
    core?.server.close();
  });

  it('signs in, chats, uploads into a knowledge base and searches', async () => {
    const { stdout } = await run(
      'npx',
      ['--no', '--', 'tsx', 'packages/sdk/examples/node-chat.ts', '', '今天的周会几点'],
      {
        cwd: root,
        env: {
          ...process.env,
          CYRENE_URL: gw.url,
          CYRENE_USERNAME: TEST_ADMIN.username,
          CYRENE_PASSWORD: TEST_ADMIN.password,
        },
      },
    );
    expect(stdout).toContain('signed in as admin');
    expect(stdout).toContain('> 今天的周会几点\n你好,我是赛琳娜。\n(finish: stop)');
    expect(stdout).toMatch(/uploaded note\.txt \(\d+ bytes\) as [0-9a-f-]{36}/);
    expect(stdout).toMatch(/knowledge search "周会": [1-9]\d* chunks/);
    expect(stdout).toMatch(/message search "今天的周": [1-9]\d* messages/);
  }, 60_000);
});
