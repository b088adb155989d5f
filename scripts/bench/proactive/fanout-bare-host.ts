/**
 * The baseline of the notification fan-out, in a process of its own (harness/host.ts): a bare
 * `ws` server; `POST /push {"title"}` sends the notification frame the gateway would send to
 * every connected client, then answers 204. No auth, no storage.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import { serve } from '../harness/serve';

const peers: WebSocket[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
  });
  req.on('end', () => {
    const { title } = JSON.parse(body || '{}') as { title?: string };
    const frame = JSON.stringify({
      type: 'notification',
      notification: {
        id: randomUUID(),
        type: 'info',
        title,
        body: 'fan-out',
        timestamp: new Date().toISOString(),
        data: {},
      },
      timestamp: Date.now(),
    });
    for (const peer of peers) peer.send(frame);
    res.writeHead(204).end();
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => peers.push(ws));
await serve(server, async () => {
  for (const ws of wss.clients) ws.terminate();
});
