import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestGateway } from '../testing/test-gateway';

/** Runs everything the automation has to do now (events, jobs, what they cause) until quiet. */
export async function settle(gw: Pick<TestGateway, 'services'>): Promise<void> {
  let quiet = 0;
  while (quiet < 2) {
    const hadEvents = await gw.services.automation.events.settle();
    const ran = await gw.services.jobs.runDue();
    quiet = !hadEvents && ran === 0 ? quiet + 1 : 0;
  }
}

export interface SeenCall {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An outside HTTP service on 127.0.0.1 answering with scripted statuses; it can hold answers. */
export class FakeService {
  readonly calls: SeenCall[] = [];
  /** Statuses to answer with, in order; then 200. */
  statuses: number[] = [];
  /** While true, requests wait until release(). */
  hold = false;
  private waiting: Array<() => void> = [];

  private constructor(private readonly server: ReturnType<typeof createServer>) {}

  static async start(): Promise<FakeService> {
    let fake: FakeService | undefined;
    const server = createServer((req, res) => fake?.answer(req, res));
    fake = new FakeService(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  release(): void {
    this.hold = false;
    for (const go of this.waiting.splice(0)) go();
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      this.calls.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (this.hold) await new Promise<void>((resolve) => this.waiting.push(resolve));
      res.writeHead(this.statuses.shift() ?? 200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  }
}
