import type { Clock } from '../clock/clock';

/**
 * How many frames a WebSocket connection may still send: a token bucket refilled at
 * `perSecond`, holding up to twice that (a client may burst, e.g. after reconnecting). Time is
 * the injected clock.
 */
export class FrameBudget {
  private tokens: number;
  private refilledAt: number;
  private toldAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock,
  ) {
    this.tokens = perSecond * 2;
    this.refilledAt = clock.now().getTime();
  }

  /** Spends one frame; false when the budget is empty (the frame is to be dropped). */
  take(): boolean {
    const now = this.clock.now().getTime();
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.perSecond * 2, this.tokens + (elapsed * this.perSecond) / 1000);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether to tell the client about a dropped frame: once a second at most, so a flood gets no echo. */
  shouldTell(): boolean {
    const now = this.clock.now().getTime();
    if (now - this.toldAt < 1000) return false;
    this.toldAt = now;
    return true;
  }
}
