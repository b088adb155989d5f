import type { Logger } from '../logging/logger';

/**
 * The one listener fan-out of the domains' in-process events (a message stored, a reminder fired,
 * a notification delivered): every listener is called in turn, and one that throws is logged
 * without keeping the others from hearing the event or failing the caller.
 */
export class Listeners<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  constructor(
    private readonly log: Logger,
    /** Names the listeners in the log line of a failure: `a ${what} listener failed`. */
    private readonly what: string,
  ) {}

  add(listener: (...args: Args) => void): void {
    this.listeners.add(listener);
  }

  emit(...args: Args): void {
    for (const listener of this.listeners) {
      try {
        listener(...args);
      } catch (e) {
        this.log.error({ err: e }, `a ${this.what} listener failed`);
      }
    }
  }
}
