import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';

/*
 * The ports infrastructure and domains report through. They name what happened in plain
 * values (a route template, a frame type, a job kind); which metrics and spans that becomes is
 * the observability module's business. With metrics and tracing both off every port is a
 * no-op, so instrumentation costs a function call.
 */

/** Where a chat turn came in (`cyrene_chat_turns_total{door}`). */
export type ChatDoor = 'websocket' | 'webhook' | 'v1' | 'automation' | 'briefing';

/** How a chat turn ended: answered, failed, or stopped (client, shutdown, takeover). */
export type ChatTurnOutcome = 'ok' | 'error' | 'interrupted';

/** One try at a chat upstream, from opening the call to its last token. */
export interface ChatAttemptProbe {
  /** Runs `open` with the attempt as the current span, so the outbound call is its child. */
  within<T>(open: () => Promise<T>): Promise<T>;
  /** The upstream's reported token usage (when it reports any). */
  usage(inputTokens: number, outputTokens: number): void;
  /** The first call wins (`interrupted`: stopped by the caller, not failed). */
  end(outcome: {
    ok: boolean;
    interrupted?: boolean;
    finishReason?: string;
    error?: string;
    status?: number;
  }): void;
}

/** One chat turn (`engine.stream` call) from its start to its last delta. */
export interface ChatTurnProbe {
  attempt(target: { provider: string; model: string }): ChatAttemptProbe;
  /** The first text delta went out (time to first token). */
  firstToken(): void;
  end(outcome: ChatTurnOutcome): void;
}

/** Where an incoming `traceparent` said the caller's trace is, kept to continue it later (opaque). */
export interface TraceParent {
  readonly __traceParent: unique symbol;
}

/** How a job run ended: done, to be tried again, failed for good, or not run (unknown kind). */
export type JobRunOutcome = 'ok' | 'retry' | 'failed' | 'skipped';

export interface Telemetry {
  /** Metrics or tracing is on (callers may skip preparing labels otherwise). */
  readonly enabled: boolean;
  /** Times every HTTP request and (tracing) gives it a span named by its contract route. */
  readonly httpMiddleware: RequestHandler;
  /**
   * Runs `fn` inside a span (tracing only; otherwise just runs it), a child of `parent` when
   * given (a WebSocket's upgrade request), else of whatever is current.
   */
  span<T>(name: string, attributes: Record<string, string | number>, fn: () => T, parent?: TraceParent): T;
  /** The caller's trace named by `traceparent` in `headers` (tracing on, a valid header), else undefined. */
  traceParent(headers: IncomingHttpHeaders): TraceParent | undefined;
  wsConnections(delta: 1 | -1): void;
  /** `type`: the frame's `type`, already bounded by the caller's known set (or `other`). */
  wsFrame(direction: 'in' | 'out', type: string): void;
  chatTurn(door: ChatDoor): ChatTurnProbe;
  /** Runs one job (`lagSeconds`: how late it started against when it was due). */
  jobRun(kind: string, lagSeconds: number, run: () => Promise<JobRunOutcome>): Promise<void>;
  /** Gauges read at scrape time (due jobs, the database pool). */
  gauges(sources: GaugeSources): void;
  /** Exports what is buffered and stops (server shutdown, test teardown). */
  shutdown(): Promise<void>;
}

export interface GaugeSources {
  jobsDue?: () => Promise<number>;
  dbPool?: () => { inUse: number; waiting: number } | undefined;
}

const noAttempt: ChatAttemptProbe = {
  within: (open) => open(),
  usage: () => {},
  end: () => {},
};
const noTurn: ChatTurnProbe = { attempt: () => noAttempt, firstToken: () => {}, end: () => {} };

/** Metrics and tracing off: every port does nothing. */
export const noTelemetry: Telemetry = {
  enabled: false,
  httpMiddleware: (_req, _res, next) => next(),
  span: (_name, _attributes, fn) => fn(),
  traceParent: () => undefined,
  wsConnections: () => {},
  wsFrame: () => {},
  chatTurn: () => noTurn,
  jobRun: async (_kind, _lag, run) => {
    await run();
  },
  gauges: () => {},
  shutdown: async () => {},
};
