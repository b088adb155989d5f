import type { Logger } from '../logging/logger';
import type { Bus, BusMessage, HubFrame, SequencedFrame } from './bus';
import { RemotePresence } from './presence';

export type { HubFrame, SequencedFrame };

/** One live connection as the hub sees it. */
export interface HubConnection {
  readonly id: string;
  readonly userId: string;
  /** The session the connection opened with (it follows it from the start). */
  readonly sessionId: string;
  /** A frame outside any session stream (notification, pong, …), already serialized. */
  sendJson(json: string): void;
  /** A frame of a session's stream; the connection skips a seq it already has. */
  sendSequenced(sessionId: string, seq: number, json: string): void;
}

/** Where the hub reads persisted stream frames it missed on the bus. */
export interface StreamGapSource {
  framesBetween(sessionId: string, afterSeq: number, throughSeq: number): Promise<SequencedFrame[]>;
}

export interface HubOptions {
  /** How often this instance tells its peers it is alive; they forget it after 3 silent periods. */
  aliveIntervalMs: number;
  log?: Logger;
}

/**
 * Who is connected, grouped per user and per followed session, and delivery to them on this
 * instance and — through the bus — on every other instance of the gateway.
 */
export class ConnectionHub {
  private readonly byUser = new Map<string, Set<HubConnection>>();
  private readonly bySession = new Map<string, Set<HubConnection>>();
  private readonly follows = new Map<HubConnection, Set<string>>();
  /** Per followed session: the highest stream seq this instance delivered. */
  private readonly deliveredSeq = new Map<string, number>();
  /** Per session: stream frames from the bus, delivered one batch after another. */
  private readonly streamQueue = new Map<string, Promise<void>>();
  private bus: Bus | undefined;
  private gaps: StreamGapSource | undefined;
  private presence: RemotePresence | undefined;
  private aliveTimer: NodeJS.Timeout | undefined;
  private log: Logger | undefined;
  private readonly turnEndedHandlers = new Set<(sessionId: string) => void>();
  private readonly notificationHandlers = new Set<(userId: string) => void>();
  private readonly reconnectedHandlers = new Set<() => void>();

  /** Joins the bus: from now on delivery reaches every instance. */
  async connect(bus: Bus, gaps: StreamGapSource, options: HubOptions): Promise<void> {
    this.bus = bus;
    this.gaps = gaps;
    this.log = options.log;
    this.presence = new RemotePresence(options.aliveIntervalMs * 3);
    bus.onMessage((message, from) => this.receive(message, from));
    bus.onReconnected(() => {
      this.refillFollowed();
      for (const handler of this.reconnectedHandlers) handler();
    });
    await bus.start();
    this.aliveTimer = setInterval(() => bus.publish({ kind: 'alive' }), options.aliveIntervalMs);
    this.aliveTimer.unref();
  }

  /** Leaves the bus; peers forget this instance's connections at once, or — `silently` — when it stays silent. */
  async disconnect(options: { silently?: boolean } = {}): Promise<void> {
    clearInterval(this.aliveTimer);
    const bus = this.bus;
    this.bus = undefined;
    if (!bus) return;
    if (!options.silently) {
      bus.publish({ kind: 'bye' });
      // Let the goodbye go out before the connection closes.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await bus.close();
  }

  add(conn: HubConnection): void {
    const users = group(this.byUser, conn.userId);
    users.add(conn);
    if (users.size === 1) this.bus?.publish({ kind: 'presence', userId: conn.userId, online: true });
    this.follow(conn, conn.sessionId);
  }

  remove(conn: HubConnection): void {
    if (ungroup(this.byUser, conn.userId, conn) && !this.byUser.has(conn.userId)) {
      this.bus?.publish({ kind: 'presence', userId: conn.userId, online: false });
    }
    for (const sessionId of this.follows.get(conn) ?? []) {
      ungroup(this.bySession, sessionId, conn);
      if (!this.bySession.has(sessionId)) this.deliveredSeq.delete(sessionId);
    }
    this.follows.delete(conn);
  }

  /** From now on the connection receives the session's frames too. */
  follow(conn: HubConnection, sessionId: string): void {
    if (!this.follows.has(conn) && !this.byUser.get(conn.userId)?.has(conn)) return;
    group(this.bySession, sessionId).add(conn);
    let sessions = this.follows.get(conn);
    if (!sessions) {
      sessions = new Set();
      this.follows.set(conn, sessions);
    }
    sessions.add(sessionId);
  }

  /** Sends to every connection of a user, on every instance; returns how many here got it. */
  sendToUser(userId: string, frame: HubFrame): number {
    this.bus?.publish({ kind: 'user', userId, frame });
    return sendAll(this.byUser.get(userId), JSON.stringify(frame));
  }

  /** Sends to every connection following a session, on every instance; returns how many here got it. */
  sendToSession(sessionId: string, frame: HubFrame): number {
    this.bus?.publish({ kind: 'session', sessionId, frame });
    return sendAll(this.bySession.get(sessionId), JSON.stringify(frame));
  }

  /** A stream frame produced on this instance, to its followers here (the bus gets it once stored). */
  deliverStream(sessionId: string, seq: number, json: string, exceptConnectionId?: string): void {
    this.noteDelivered(sessionId, seq);
    const followers = this.bySession.get(sessionId);
    if (!followers) return;
    for (const conn of followers) {
      if (conn.id !== exceptConnectionId) conn.sendSequenced(sessionId, seq, json);
    }
  }

  /** Stored stream frames, for the followers on the other instances. */
  publishStream(sessionId: string, frames: SequencedFrame[]): void {
    if (frames.length > 0) this.bus?.publish({ kind: 'stream', sessionId, frames });
  }

  /** Tells the other instances that a chat turn of the session ended (its lock is free). */
  announceTurnEnded(sessionId: string): void {
    this.bus?.publish({ kind: 'turn_ended', sessionId });
  }

  /** Called when another instance announces the end of a turn. */
  onTurnEnded(handler: (sessionId: string) => void): void {
    this.turnEndedHandlers.add(handler);
  }

  /** Tells the other instances that the user's notification outbox grew (they read it). */
  announceNotification(userId: string): void {
    this.bus?.publish({ kind: 'notification', userId });
  }

  /** Called when another instance announces a new notification of a user. */
  onNotification(handler: (userId: string) => void): void {
    this.notificationHandlers.add(handler);
  }

  /** Called each time the bus listens again after an outage: whatever it carried meanwhile was lost. */
  onReconnected(handler: () => void): void {
    this.reconnectedHandlers.add(handler);
  }

  /** Whether the user has a connection on any instance. */
  online(userId: string): boolean {
    return (this.byUser.get(userId)?.size ?? 0) > 0 || (this.presence?.online(userId) ?? false);
  }

  /** Connections on this instance. */
  count(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /** Connections on this instance following a session. */
  followers(sessionId: string): ReadonlySet<HubConnection> {
    return this.bySession.get(sessionId) ?? new Set();
  }

  private receive(message: BusMessage, from: string): void {
    this.presence?.seen(from);
    switch (message.kind) {
      case 'user':
        sendAll(this.byUser.get(message.userId), JSON.stringify(message.frame));
        return;
      case 'notification':
        for (const handler of this.notificationHandlers) handler(message.userId);
        return;
      case 'session':
        sendAll(this.bySession.get(message.sessionId), JSON.stringify(message.frame));
        return;
      case 'stream':
        this.receiveStream(message.sessionId, message.frames);
        return;
      case 'presence':
        this.presence?.set(from, message.userId, message.online);
        return;
      case 'presence_sync':
        this.presence?.replace(from, message.userIds);
        return;
      case 'hello':
        this.bus?.publish({ kind: 'presence_sync', userIds: [...this.byUser.keys()] });
        return;
      case 'bye':
        this.presence?.forget(from);
        return;
      case 'turn_ended':
        this.refill(message.sessionId);
        for (const handler of this.turnEndedHandlers) handler(message.sessionId);
        return;
      case 'alive':
        return;
    }
  }

  /** Bus frames in order per session; a gap (a lost notification) is refilled from the stream log. */
  private receiveStream(sessionId: string, frames: SequencedFrame[]): void {
    if (!this.bySession.has(sessionId)) return;
    const previous = this.streamQueue.get(sessionId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const first = frames[0];
      const known = this.deliveredSeq.get(sessionId);
      if (first && known !== undefined && first.seq > known + 1 && this.gaps) {
        try {
          this.deliverFrames(sessionId, await this.gaps.framesBetween(sessionId, known, first.seq - 1));
        } catch (e) {
          this.log?.warn({ err: e, sessionId }, 'could not refill a gap in a session stream');
        }
      }
      this.deliverFrames(sessionId, frames);
    });
    this.streamQueue.set(sessionId, next);
    next.finally(() => {
      if (this.streamQueue.get(sessionId) === next) this.streamQueue.delete(sessionId);
    });
  }

  /**
   * The bus was away: stream frames published meanwhile never came. Every followed session gets
   * what was stored after the last frame delivered here (each connection drops seqs it has).
   */
  private refillFollowed(): void {
    for (const sessionId of this.deliveredSeq.keys()) this.refill(sessionId);
  }

  /**
   * Reads what the stream log holds after the last frame delivered here, behind the frames
   * queued for the session. Also when a turn ended elsewhere: its last batch may have been lost
   * on the bus with nothing after it to reveal the gap.
   */
  private refill(sessionId: string): void {
    const gaps = this.gaps;
    if (!gaps || !this.deliveredSeq.has(sessionId)) return;
    const previous = this.streamQueue.get(sessionId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const known = this.deliveredSeq.get(sessionId);
      if (known === undefined) return;
      try {
        this.deliverFrames(sessionId, await gaps.framesBetween(sessionId, known, Number.MAX_SAFE_INTEGER));
      } catch (e) {
        this.log?.warn({ err: e, sessionId }, 'could not refill a session stream from the stream log');
      }
    });
    this.streamQueue.set(sessionId, next);
    next.finally(() => {
      if (this.streamQueue.get(sessionId) === next) this.streamQueue.delete(sessionId);
    });
  }

  private deliverFrames(sessionId: string, frames: SequencedFrame[]): void {
    for (const frame of frames) this.deliverStream(sessionId, frame.seq, JSON.stringify(frame));
  }

  private noteDelivered(sessionId: string, seq: number): void {
    if (!this.bySession.has(sessionId)) return;
    if (seq > (this.deliveredSeq.get(sessionId) ?? 0)) this.deliveredSeq.set(sessionId, seq);
  }
}

function group(map: Map<string, Set<HubConnection>>, key: string): Set<HubConnection> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

/** Removes the connection; true when it was there. */
function ungroup(map: Map<string, Set<HubConnection>>, key: string, conn: HubConnection): boolean {
  const set = map.get(key);
  if (!set?.delete(conn)) return false;
  if (set.size === 0) map.delete(key);
  return true;
}

function sendAll(set: Set<HubConnection> | undefined, json: string): number {
  if (!set) return 0;
  for (const conn of set) conn.sendJson(json);
  return set.size;
}
