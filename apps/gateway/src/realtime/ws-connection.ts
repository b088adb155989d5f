import { type ServerFrame, ServerFrameSchema } from '@cyrene/contracts';
import { WebSocket } from 'ws';
import { frameTypeOf } from '../observability/frame-type';
import type { Telemetry } from '../observability/telemetry';
import type { SequencedFrame } from './bus';
import type { HubConnection } from './hub';

const SERVER_FRAME_TYPES: ReadonlySet<string> = new Set(
  ServerFrameSchema.optionsMap.keys() as Iterable<string>,
);

/** Close code for a client that cannot keep up (RFC 6455 "try again later"): it may reconnect and resume. */
export const CLOSE_TOO_SLOW = 1013;
/** After asking a slow client to close, how long before its socket is cut. */
const SLOW_CLOSE_GRACE_MS = 2_000;

export interface ConnectionInfo {
  id: string;
  userId: string;
  sessionId: string;
  /** '' when the client named none. */
  clientId: string;
  deviceName: string;
  userAgent: string;
}

export interface ConnectionLimits {
  /** Unsent bytes above which the client is dropped. */
  maxBufferedBytes: number;
  /** Check every frame sent against the contract (tests). */
  validate: boolean;
  /** Counts frames sent (absent: not counted). */
  telemetry?: Telemetry;
}

/**
 * One WebSocket client. Keeps, per followed session, the last stream seq it was sent, so a
 * frame arriving twice (live and from a replay) reaches the client once; while a resume
 * replays a session, live frames of that session wait behind the replay.
 */
export class WsConnection implements HubConnection {
  readonly id: string;
  readonly userId: string;
  readonly sessionId: string;
  /** Set by any sign of life; the heartbeat closes a connection that stayed silent a whole period. */
  alive = true;
  private readonly lastSeq = new Map<string, number>();
  private readonly replays = new Map<string, Array<{ seq: number; json: string }>>();
  private dropped = false;
  /** Called once when the connection is dropped for being slow (before its socket closes). */
  onDropped: () => void = () => {};

  constructor(
    private readonly ws: WebSocket,
    readonly info: ConnectionInfo,
    private readonly limits: ConnectionLimits,
  ) {
    this.id = info.id;
    this.userId = info.userId;
    this.sessionId = info.sessionId;
  }

  send(frame: ServerFrame): void {
    if (this.limits.validate) ServerFrameSchema.parse(frame);
    this.sendJson(JSON.stringify(frame));
  }

  /** The device it belongs to ('' for none). */
  get clientId(): string {
    return this.info.clientId;
  }

  /** Whether a frame sent now reaches the client. */
  get open(): boolean {
    return !this.dropped && this.ws.readyState === WebSocket.OPEN;
  }

  sendJson(json: string): void {
    if (!this.open) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.dropSlow();
      return;
    }
    this.ws.send(json);
    const { telemetry } = this.limits;
    if (telemetry?.enabled) telemetry.wsFrame('out', frameTypeOf(json, SERVER_FRAME_TYPES));
  }

  sendSequenced(sessionId: string, seq: number, json: string): void {
    const replay = this.replays.get(sessionId);
    if (replay) {
      replay.push({ seq, json });
      return;
    }
    if (seq <= (this.lastSeq.get(sessionId) ?? 0)) return;
    this.lastSeq.set(sessionId, seq);
    this.sendJson(json);
  }

  /** Live frames of the session wait from now until endReplay. */
  beginReplay(sessionId: string): void {
    if (!this.replays.has(sessionId)) this.replays.set(sessionId, []);
  }

  /**
   * Sends the replayed frames after `afterSeq` (the client's own count replaces what was sent
   * before), then the live ones that arrived meanwhile, each seq once, in order.
   */
  endReplay(sessionId: string, afterSeq: number, frames: SequencedFrame[]): void {
    const live = this.replays.get(sessionId) ?? [];
    this.replays.delete(sessionId);
    this.lastSeq.set(sessionId, afterSeq);
    const merged = new Map<number, string>();
    for (const frame of frames) merged.set(frame.seq, JSON.stringify(frame));
    for (const { seq, json } of live) if (!merged.has(seq)) merged.set(seq, json);
    for (const seq of [...merged.keys()].sort((a, b) => a - b)) {
      this.sendSequenced(sessionId, seq, merged.get(seq) ?? '');
    }
  }

  ping(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  /** The client cannot keep up: stop queueing for it and ask it to go (it will resume). */
  private dropSlow(): void {
    this.dropped = true;
    this.onDropped();
    this.ws.close(CLOSE_TOO_SLOW, 'client too slow');
    setTimeout(() => this.ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
  }
}
