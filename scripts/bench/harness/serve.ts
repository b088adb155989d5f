import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/*
 * The child's side of ./host.ts: tells the parent where `server` listens, answers RSS questions
 * after collecting garbage until the resident set stops shrinking, and runs `cleanup` before
 * exiting when told to stop (or when the parent goes away). The process must run with
 * --expose-gc (startHost passes it).
 */

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Collects until two samples in a row differ by under 1 % (at most 10 rounds): memory freed by
 * a collection reaches the resident set only after the allocator returns it, so one gc()
 * followed by an immediate sample reads a figure still falling.
 */
export async function settledRss(): Promise<number> {
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i++) {
    gc?.();
    await sleep(50);
    const rss = process.memoryUsage().rss;
    if (Math.abs(last - rss) < rss * 0.01) return rss;
    last = rss;
  }
  return last;
}

export async function serve(server: Server, cleanup: () => Promise<void> = async () => {}): Promise<void> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    await cleanup().catch((e: unknown) => console.error('cleanup failed:', e));
    // A normal exit: --cpu-prof writes its profile now.
    process.exit(0);
  };
  process.on('message', (m) => {
    if (m === 'stop') void stop();
    if (m === 'rss') void settledRss().then((rss) => process.send?.({ rss }));
  });
  process.on('disconnect', () => void stop());
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}
