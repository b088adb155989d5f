import type { ServerResponse } from 'node:http';
import {
  type FakeUpstream,
  type SeenRequest,
  sendJson,
  startFakeUpstream,
} from '../../testing/fake-upstream';

/** An outside HTTP service on 127.0.0.1 answering with scripted statuses; it can hold answers. */
export class FakeService {
  /** Statuses to answer with, in order; then 200. */
  statuses: number[] = [];
  /** While true, requests wait until release(). */
  hold = false;
  private waiting: Array<() => void> = [];

  private constructor(private readonly upstream: FakeUpstream) {}

  static async start(): Promise<FakeService> {
    let fake: FakeService | undefined;
    const upstream = await startFakeUpstream((_req, res) => fake?.answer(res));
    fake = new FakeService(upstream);
    return fake;
  }

  get url(): string {
    return this.upstream.url;
  }

  /** Every request received, in order. */
  get calls(): SeenRequest[] {
    return this.upstream.requests;
  }

  release(): void {
    this.hold = false;
    for (const go of this.waiting.splice(0)) go();
  }

  close(): Promise<void> {
    this.release();
    return this.upstream.close();
  }

  private async answer(res: ServerResponse): Promise<void> {
    if (this.hold) await new Promise<void>((resolve) => this.waiting.push(resolve));
    sendJson(res, this.statuses.shift() ?? 200, { ok: true });
  }
}
