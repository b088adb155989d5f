/**
 * Opens many idle, authenticated WebSocket connections to a gateway (from a process of its
 * own, so the gateway's memory is measured alone) and holds them until told to stop.
 * Environment: WS_URL (with ?token=…), COUNT, CONCURRENCY.
 */
import WebSocket from 'ws';

const url = process.env.WS_URL ?? '';
const count = Number(process.env.COUNT ?? 10_000);
const concurrency = Number(process.env.CONCURRENCY ?? 100);
const sockets: WebSocket[] = [];
let opened = 0;
let failed = 0;
let next = 0;

function openOne(): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => {
      opened++;
      sockets.push(ws);
      resolve();
    });
    ws.once('error', () => {
      failed++;
      resolve();
    });
  });
}

const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) {
      next++;
      await openOne();
    }
  }),
);
process.send?.({ opened, failed, seconds: (performance.now() - started) / 1000 });
process.on('message', (m) => {
  if (m !== 'stop') return;
  for (const ws of sockets) ws.terminate();
  process.exit(0);
});
process.on('disconnect', () => process.exit(0));
