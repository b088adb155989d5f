import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { BoundedWork } from './bounded-work';

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('BoundedWork (image decoding, password hashing)', () => {
  it('runs at most `concurrency` at once, queues up to `maxQueued`, and refuses more with 503', async () => {
    const work = new BoundedWork(2, 1, '图片处理繁忙,请稍后重试');
    const gates = [gate(), gate(), gate()];
    let running = 0;
    let most = 0;
    const job = (i: number) => async () => {
      running++;
      most = Math.max(most, running);
      await gates[i]?.opened;
      running--;
      return i;
    };
    const results = [work.run(job(0)), work.run(job(1)), work.run(job(2))];
    await expect.poll(() => work.active).toBe(2);
    const refused = work.run(job(3));
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({
      status: 503,
      errorType: 'service_unavailable',
      message: '图片处理繁忙,请稍后重试',
      headers: { 'retry-after': '1' },
    });
    for (const g of gates) g.open();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    expect(most).toBe(2);
  });
});
