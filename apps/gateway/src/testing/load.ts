import type { ServerFrame } from '@cyrene/contracts';
import { TestSocket } from '../chat/testing/test-socket';
import { call } from './http';

/** What one request of the load got: an HTTP status, or `network` when no answer came at all. */
export type Outcome = number | 'network';

/** Pause between two requests of one loop: steady load that leaves the two cores to the gateways. */
const PACE_MS = 50;
const pace = () => new Promise((resolve) => setTimeout(resolve, PACE_MS));

interface Target {
  url: string;
  token: string;
}

/**
 * Steady traffic against running gateways, until stop(): REST writes, notification pushes, and
 * chat messages over a WebSocket (reopened whenever it closes). Every answer is counted, so a
 * test can wait for "answered 503 during this outage" or "writes succeed again" instead of sleeping.
 */
export class Load {
  /** Every outcome, in order. */
  readonly outcomes: Outcome[] = [];
  /** Every frame the chat sockets received. */
  readonly frames: ServerFrame[] = [];
  private running = true;
  private readonly loops: Promise<void>[] = [];
  private sockets = new Set<TestSocket>();

  constructor(
    private readonly options: {
      /** Where REST writes go (POST /sessions, alternating). */
      writers: Target[];
      /** Pushes `pushesFrom` sends to `pushesTo` (an admin token). */
      pushesFrom: Target;
      pushesTo: string;
      /** Chat sockets: each sends a message and waits a moment, again and again. */
      chatters: Target[];
    },
  ) {}

  start(): this {
    for (const target of this.options.writers) this.loop(() => this.write(target));
    this.loop(() => this.push());
    for (const target of this.options.chatters) this.loops.push(this.chat(target));
    return this;
  }

  count(from: number, match: (o: Outcome) => boolean): number {
    return this.outcomes.slice(from).filter(match).length;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all([...this.sockets].map((s) => s.close()));
  }

  private loop(step: () => Promise<void>): void {
    this.loops.push(
      (async () => {
        while (this.running) {
          await step();
          await pace();
        }
      })(),
    );
  }

  private async request(
    url: string,
    method: string,
    path: string,
    token: string,
    body: unknown,
  ): Promise<void> {
    try {
      this.outcomes.push((await call(url, method, path, { token, body })).status);
    } catch {
      this.outcomes.push('network');
    }
  }

  private write(target: Target): Promise<void> {
    return this.request(target.url, 'POST', '/api/v1/sessions', target.token, { title: 'under load' });
  }

  private push(): Promise<void> {
    const { url, token } = this.options.pushesFrom;
    return this.request(url, 'POST', '/api/v1/notifications/push', token, {
      user_id: this.options.pushesTo,
      type: 'info',
      title: 'load',
      body: String(this.outcomes.length),
    });
  }

  /** One socket at a time: sends messages while open, reopens when it closes (or cannot open). */
  private async chat(target: Target): Promise<void> {
    while (this.running) {
      let socket: TestSocket;
      try {
        socket = await TestSocket.open(target.url, { token: target.token });
      } catch {
        // Refused while the database is away (503): try again.
        await pace();
        continue;
      }
      this.sockets.add(socket);
      socket.ws.on('message', (data) => this.frames.push(JSON.parse(data.toString()) as ServerFrame));
      let open = true;
      void socket.closed.then(() => {
        open = false;
      });
      while (this.running && open) {
        socket.send({ type: 'message', content: 'under load', timestamp: Date.now() });
        await pace();
        await pace();
      }
      this.sockets.delete(socket);
    }
  }
}
