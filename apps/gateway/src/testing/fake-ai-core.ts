import type { ServerResponse } from 'node:http';
import { type FakeUpstream, pause, type SeenRequest, startFakeUpstream, startSse } from './fake-upstream';

/** How the fake answers one chat request. */
export interface Script {
  /** Text deltas, sent one event each; a function gets the request's message. */
  deltas: string[] | ((message: string) => string[]);
  /** Pause between deltas: pacing for load tests and screenshots; tests that need an answer to be
   * in progress hold it (`holdAfter`) instead. */
  delayMs?: number;
  /** After this many deltas, wait until `release()` is called. */
  holdAfter?: number;
  /** Answer with this HTTP status (and no stream). */
  status?: number;
}

/**
 * AI-Core on a real socket: `POST /api/v1/chat` answered with Server-Sent Events as the test
 * scripts it (`data: {"delta":…}`, then done, then [DONE]). The one fake AI-Core of the tests.
 */
export class FakeAiCore {
  script: Script = { deltas: ['你好', '，世界'] };
  private releases: Array<() => void> = [];

  private constructor(private readonly upstream: FakeUpstream) {}

  static async start(): Promise<FakeAiCore> {
    let core: FakeAiCore | undefined;
    const upstream = await startFakeUpstream((req, res) => core?.answer(req, res));
    core = new FakeAiCore(upstream);
    return core;
  }

  get url(): string {
    return this.upstream.url;
  }

  get requests(): SeenRequest[] {
    return this.upstream.requests;
  }

  /** Lets held streams go on. */
  release(): void {
    for (const r of this.releases.splice(0)) r();
  }

  close(): Promise<void> {
    this.release();
    return this.upstream.close();
  }

  private async answer(req: SeenRequest, res: ServerResponse): Promise<void> {
    const script = this.script;
    const message = (req.body as { message?: string } | undefined)?.message ?? '';
    const deltas = typeof script.deltas === 'function' ? script.deltas(message) : script.deltas;
    if (script.status) {
      res.writeHead(script.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'scripted failure' }));
      return;
    }
    startSse(res);
    for (const [i, delta] of deltas.entries()) {
      if (script.holdAfter === i) await new Promise<void>((resolve) => this.releases.push(resolve));
      if (res.destroyed) return;
      res.write(`data: ${JSON.stringify({ delta })}\n\n`);
      if (script.delayMs) await pause(script.delayMs);
    }
    res.write(`data: ${JSON.stringify({ done: true, finish_reason: 'stop' })}\n\n`);
    res.end('data: [DONE]\n\n');
  }
}
