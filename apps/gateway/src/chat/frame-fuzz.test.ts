import type { ServerFrame } from '@cyrene/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badFrames } from '../testing/fuzz/bad-frames';
import { call } from '../testing/http';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { signInTestAdmin } from '../testing/users';
import { TestSocket } from './testing/test-socket';

/*
 * The WebSocket half of the contract fuzzer: bad variants of every client frame of the served
 * AsyncAPI document, and frames that are no frame at all. Each is answered, if at all, by frames
 * of the contract (an `error` frame in the spec's shape for a refusal, never an internal error);
 * the connection stays open and keeps answering. FUZZ_SEED replays a run.
 */
// A fixed seed by default, so that CI decides a landing the same way each time; FUZZ_SEED=random
// explores new ground (and prints the seed to replay whatever it finds).
const seed =
  process.env.FUZZ_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.FUZZ_SEED ?? 1252521040);
const runs = Number(process.env.FUZZ_FRAMES ?? 600);

describe('the frame fuzzer', () => {
  let gateway: TestGateway;
  let socket: TestSocket;

  beforeAll(async () => {
    gateway = await startTestGateway();
    socket = await TestSocket.open(gateway.url, { token: (await signInTestAdmin(gateway)).token });
  });
  afterAll(async () => {
    socket?.ws.terminate();
    await gateway?.close();
  });

  it('answers every bad frame within the contract and keeps the connection', async () => {
    const doc = (await call<Parameters<typeof badFrames>[0]>(gateway.url, 'GET', '/api/v1/asyncapi.json'))
      .body;
    console.info(`frame fuzzer: seed ${seed}, ${runs} frames (FUZZ_SEED=${seed} replays it)`);
    const problems: string[] = [];
    for (const [i, frame] of fc.sample(badFrames(doc), { seed, numRuns: runs }).entries()) {
      const from = socket.frames.length;
      socket.send(frame.data);
      // A ping after each frame: its pong proves the connection still reads and answers.
      socket.send({ type: 'ping', id: `barrier-${i}` });
      await socket.next('pong');
      const bad = socket.frames
        .slice(from)
        .filter(
          (f: ServerFrame) =>
            f.type === 'error' && (typeof f.error !== 'string' || f.errorType === 'internal_error'),
        );
      if (bad.length > 0) problems.push(`${frame.mutation}\n→ ${JSON.stringify(bad).slice(0, 300)}`);
    }
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    expect((await call(gateway.url, 'GET', '/api/v1/health')).status).toBe(200);
    expect(problems, `seed ${seed} (FUZZ_SEED=${seed} replays it)`).toEqual([]);
  }, 300_000);
});
