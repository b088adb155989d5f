import type { Logger } from '../logging/logger';

/**
 * Says once that a PostgreSQL connection was lost, and once that the server answers again, however
 * many clients fail in between: an outage is one warning and one recovery line, not one per query.
 */
export class OutageLog {
  private down = false;
  private readonly backListeners: Array<() => void> = [];

  /** `what`: whose connections these are ("database pool", "realtime bus"). */
  constructor(
    private readonly log: Logger | undefined,
    private readonly what: string,
  ) {}

  get isDown(): boolean {
    return this.down;
  }

  /** Called each time the server answers again after a loss. */
  onBack(listener: () => void): void {
    this.backListeners.push(listener);
  }

  lost(e: unknown): void {
    if (this.down) return;
    this.down = true;
    this.log?.warn({ err: e }, `${this.what}: connection to PostgreSQL lost; reconnecting when it is back`);
  }

  back(): void {
    if (!this.down) return;
    this.down = false;
    this.log?.info(`${this.what}: PostgreSQL answers again`);
    for (const listener of this.backListeners) listener();
  }
}
