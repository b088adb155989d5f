/**
 * A tour of @cyrene/sdk in Node: sign in, chat over the WebSocket, upload a file into a
 * knowledge base, and search both the chat history and the knowledge base.
 *
 * Against a local gateway (`ADMIN_PASSWORD=… npm start` in another terminal), from the repository root:
 *
 *   CYRENE_PASSWORD=… npx tsx packages/sdk/examples/node-chat.ts [file-to-upload] [question]
 *
 * CYRENE_URL (default http://localhost:8080) and CYRENE_USERNAME (default admin) pick the gateway
 * and the account; the WebSocket is for the administrator only (spec §2). Without an AI upstream
 * (AI_CORE_URL or a chat routing rule) the chat answers the spec's error and the tour goes on.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ChatError, createGatewayClient, GatewayError, unwrap } from '@cyrene/sdk';
import WebSocket from 'ws';

const baseUrl = process.env.CYRENE_URL ?? 'http://localhost:8080';
const username = process.env.CYRENE_USERNAME ?? 'admin';
const password = process.env.CYRENE_PASSWORD ?? '';
const [filePath, question = '用一句话介绍你自己'] = process.argv.slice(2);

const client = createGatewayClient({ baseUrl, WebSocket });

async function chat(): Promise<void> {
  const socket = client.chat({ deviceName: 'node-chat example', reconnect: { maxAttempts: 3 } });
  await socket.connect();
  try {
    console.log(`> ${question}`);
    const reply = socket.ask(question);
    for await (const chunk of reply) process.stdout.write(chunk);
    const { finishReason } = await reply.done;
    console.log(`\n(finish: ${finishReason})`);
  } catch (error) {
    if (!(error instanceof ChatError)) throw error;
    console.log(`chat answered an error: ${error.message} (${error.errorType ?? 'no errorType'})`);
  } finally {
    socket.close();
  }
}

async function uploadAndSearch(): Promise<void> {
  // A file from disk is streamed, not read into memory; without one, a note made here is used.
  const upload = filePath
    ? client.uploadFile(createReadStream(filePath), {
        filename: basename(filePath),
        contentType: 'text/plain',
        size: (await stat(filePath)).size,
        onProgress: ({ loaded, total }) => process.stdout.write(`\rupload ${loaded}/${total ?? '?'} bytes`),
      })
    : client.uploadFile(new Blob(['赛琳娜网关的笔记:周五下午三点开周会。'], { type: 'text/plain' }), {
        filename: 'note.txt',
      });
  const file = await upload;
  console.log(`\nuploaded ${file.filename} (${file.size} bytes) as ${file.id}`);

  const base = unwrap(
    await client.rest.knowledge.createKnowledgeBase({ body: { name: 'node-chat example' } }),
    201,
  );
  const document = unwrap(
    await client.rest.knowledge.addKnowledgeDocument({
      params: { id: base.id },
      body: { title: file.filename, source_type: 'file', file_id: file.id },
    }),
    201,
  );
  console.log(`knowledge document "${document.title}": ${document.chunk_count} chunks`);

  const knowledge = unwrap(
    await client.rest.knowledge.searchKnowledge({ body: { query: '周会', kb_ids: [base.id], limit: 3 } }),
    200,
  );
  console.log(`knowledge search "周会": ${knowledge.total} chunks`);

  const messages = unwrap(
    await client.rest.messages.searchMessages({ query: { q: question.slice(0, 4) } }),
    200,
  );
  console.log(`message search "${messages.query}": ${messages.total} messages`);
}

try {
  const session = await client.login(username, password);
  console.log(`signed in as ${session.user_id}`);
  await chat();
  await uploadAndSearch();
} catch (error) {
  if (!(error instanceof GatewayError)) throw error;
  console.error(`gateway answered ${error.status}: ${error.message}${error.hint ? ` (${error.hint})` : ''}`);
  process.exitCode = 1;
}
