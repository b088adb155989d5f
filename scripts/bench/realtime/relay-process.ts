/**
 * The baseline of the relay benchmark: the least a WebSocket relay of an SSE stream can do.
 * A client's first frame opens the upstream stream; each `data: {"delta":…}` line goes out at
 * once as one JSON text frame. No auth, no storage, no sequencing. Also the baseline of the idle
 * connection memory: a bare `ws` server holding the same connections.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { serve } from '../harness/serve';

const upstream = process.env.AI_CORE_URL ?? '';
const server = createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false });

wss.on('connection', (ws) => {
  ws.on('message', async (data) => {
    const res = await fetch(`${upstream}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: data.toString(), session_id: 'raw', user_id: 'raw', mode: 'text' }),
    });
    const reader = res.body?.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let end = buffered.indexOf('\n\n');
      while (end >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        end = buffered.indexOf('\n\n');
        const payload = line.startsWith('data: ') ? line.slice(6) : '';
        if (payload === '' || payload === '[DONE]') continue;
        const event = JSON.parse(payload) as { delta?: string };
        if (event.delta !== undefined)
          ws.send(JSON.stringify({ type: 'stream_chunk', content: event.delta }));
      }
    }
  });
});

await serve(server, async () => {
  for (const ws of wss.clients) ws.terminate();
});
