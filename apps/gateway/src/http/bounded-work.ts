import pLimit from 'p-limit';
import { ApiError } from './api-error';

/**
 * Costly work of one kind (password hashing, image decoding) run at most `concurrency` at a time
 * in this process; what comes on top waits its turn, and past `maxQueued` waiting it is refused
 * at once with 503 and Retry-After, instead of queueing without end or starving every other
 * request of the CPU and memory.
 */
export class BoundedWork {
  private readonly limit;

  constructor(
    concurrency: number,
    private readonly maxQueued: number,
    private readonly busyMessage = '服务繁忙,请稍后重试',
  ) {
    this.limit = pLimit(concurrency);
  }

  /** Pieces of work running now. */
  get active(): number {
    return this.limit.activeCount;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit.pendingCount >= this.maxQueued) {
      return Promise.reject(
        new ApiError('service_unavailable', this.busyMessage, undefined, { 'retry-after': '1' }),
      );
    }
    return this.limit(work);
  }
}
