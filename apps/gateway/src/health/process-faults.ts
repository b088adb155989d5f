import type { Logger } from '../logging/logger';

export type FaultKind = 'uncaughtException' | 'unhandledRejection';

export interface Fault {
  kind: FaultKind;
  message: string;
  at: Date;
}

/**
 * Errors no code caught: each is logged with its stack and the process keeps serving (a lost
 * database or upstream must never end it), but its state may no longer be what the code assumes,
 * so the readiness route reports the first one until the process is restarted.
 */
export class ProcessFaults {
  private first: Fault | undefined;

  get fault(): Fault | undefined {
    return this.first;
  }

  record(kind: FaultKind, e: unknown, log: Logger): void {
    const err = e instanceof Error ? e : new Error(String(e));
    log.fatal({ err, kind }, `${kind}: logged and kept running; /health/ready answers 503 until a restart`);
    this.first ??= { kind, message: err.message, at: new Date() };
  }

  /** Listens on the process (server.ts: once per process, before anything else runs). */
  watch(proc: NodeJS.Process, log: Logger): this {
    proc.on('uncaughtException', (e) => this.record('uncaughtException', e, log));
    proc.on('unhandledRejection', (reason) => this.record('unhandledRejection', reason, log));
    return this;
  }
}
