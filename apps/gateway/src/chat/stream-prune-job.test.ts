import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { FakeAiCore } from '../testing/fake-ai-core';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';
import { signInTestAdmin } from '../testing/users';
import { STREAM_PRUNE_EVERY_MS } from './stream-prune-job';
import { TestSocket } from './testing/test-socket';

const RETENTION_MINUTES = 30;

/** Stream frames and finished turns are kept for resume for the retention, then pruned by a job. */
describe('stream pruning', () => {
  const clock = new ManualClock();
  let core: FakeAiCore;
  let gw: TestGateway;

  beforeAll(async () => {
    core = await FakeAiCore.start();
    core.script = { deltas: ['你好', '，世界'] };
    gw = await startTestGateway({
      env: { AI_CORE_URL: core.url, STREAM_RETENTION_MINUTES: String(RETENTION_MINUTES) },
      clock,
    });
  });
  afterAll(async () => {
    await gw.close();
    await core.close();
  });

  const framesOf = async (sessionId: string) =>
    (await gw.ctx.db.selectFrom('stream_frames').select('seq').where('session_id', '=', sessionId).execute())
      .length;
  const turnsOf = async (sessionId: string) =>
    (await gw.ctx.db.selectFrom('generations').select('id').where('session_id', '=', sessionId).execute())
      .length;

  it('keeps a finished turn within the retention, and removes it once the clock is past it', async () => {
    const { token } = await signInTestAdmin(gw);
    const socket = await TestSocket.open(gw.url, { token, query: { session_id: 'session_prune01' } });
    socket.send({ type: 'message', content: '你好' });
    await socket.next('stream_end');
    await socket.close();
    await expect.poll(() => framesOf('session_prune01')).toBeGreaterThan(0);
    expect(await turnsOf('session_prune01')).toBe(1);

    // The first run comes one interval after start; the turn is still within the retention.
    clock.advance(STREAM_PRUNE_EVERY_MS);
    await gw.services.jobs.runDue();
    expect(await framesOf('session_prune01')).toBeGreaterThan(0);
    expect(await turnsOf('session_prune01')).toBe(1);

    clock.advance(RETENTION_MINUTES * 60_000);
    await gw.services.jobs.runDue();
    expect(await framesOf('session_prune01')).toBe(0);
    expect(await turnsOf('session_prune01')).toBe(0);
  });
});
