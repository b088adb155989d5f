import type { Clock } from '../clock/clock';
import type { NotificationRow } from '../db/schema';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { Logger } from '../logging/logger';
import type { ConnectionHub } from '../realtime/hub';
import { toNotificationFrame } from './mapper';
import type { NotificationsRepository } from './repository';

/** A connection that receives the user's notifications (a chat WebSocket). */
export interface NotificationReader {
  readonly userId: string;
  /** The device it belongs to; '' for none (live notifications only, nothing remembered). */
  readonly clientId: string;
  /** Whether a frame sent now reaches the client. */
  readonly open: boolean;
  sendJson(json: string): void;
}

export interface NotificationDeliveryOptions {
  /**
   * How often the outbox counters of the users connected here are read, whatever the bus said:
   * a notification whose wake-up was lost (its instance died after the commit) arrives this late.
   */
  pollMs: number;
}

/** Rows read per outbox query. */
const BATCH = 200;
/** Most notifications a device gets on connecting; older ones are a GET /notifications away. */
export const REPLAY_LIMIT = 200;

interface Follower {
  reader: NotificationReader;
  /** When it started following: notifications stored from then on are its to get. */
  since: Date;
  /** The last seq sent to it; undefined until its starting point is read. */
  cursor: number | undefined;
}

interface UserFollowers {
  followers: Set<Follower>;
  /** The read in progress (one at a time per user on this instance). */
  running: Promise<void> | undefined;
  /** Woken while reading: read again after. */
  again: boolean;
}

/**
 * §11 delivery as durable as storage: every connection follows its user's outbox by a cursor
 * (the per-user seq). The bus, the poll and a bus reconnect only say "look"; what is sent is
 * what the outbox holds after the cursor, so a wake-up lost with a dead instance or a database
 * outage delays a notification but never loses it. A device (client_id) keeps its cursor in
 * `notification_cursors`, saved before the frames go out: after a crash or a reconnect — to any
 * instance — it gets what it missed and nothing it was sent before.
 */
export class NotificationDelivery {
  private readonly users = new Map<string, UserFollowers>();
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly hub: ConnectionHub,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    hub.onNotification((userId) => this.wake(userId));
    hub.onReconnected(() => this.wakeAll());
  }

  /** Starts the safety-net poll. */
  start(options: NotificationDeliveryOptions): void {
    this.stop();
    this.pollTimer = setInterval(() => this.poll(), options.pollMs);
    this.pollTimer.unref();
  }

  stop(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  /** The reader follows its user's outbox from now on (a device: from its saved cursor). */
  follow(reader: NotificationReader): void {
    let user = this.users.get(reader.userId);
    if (!user) {
      user = { followers: new Set(), running: undefined, again: false };
      this.users.set(reader.userId, user);
    }
    user.followers.add({ reader, since: this.clock.now(), cursor: undefined });
    this.wake(reader.userId);
  }

  unfollow(reader: NotificationReader): void {
    const user = this.users.get(reader.userId);
    if (!user) return;
    for (const follower of user.followers) if (follower.reader === reader) user.followers.delete(follower);
    if (user.followers.size === 0 && !user.running) this.users.delete(reader.userId);
  }

  /** A notification was committed here: readers on every instance look. */
  stored(userId: string): void {
    this.hub.announceNotification(userId);
    this.wake(userId);
  }

  /** Reads the user's outbox for the readers here (again after the current read, if one runs). */
  wake(userId: string): void {
    const user = this.users.get(userId);
    if (!user) return;
    if (user.running) {
      user.again = true;
      return;
    }
    user.running = this.readRepeatedly(userId, user);
  }

  /** Every user with readers here looks (the bus was away: its wake-ups are lost). */
  wakeAll(): void {
    for (const userId of this.users.keys()) this.wake(userId);
  }

  /** Settles when no read is running (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.users.values()].map((u) => u.running));
  }

  private async readRepeatedly(userId: string, user: UserFollowers): Promise<void> {
    try {
      do {
        user.again = false;
        await this.read(userId, user);
      } while (user.again);
    } catch (e) {
      // The next wake-up or poll tries again from the same cursors.
      if (isDatabaseUnavailable(e)) this.log.debug({ err: e, userId }, 'notification outbox unreachable');
      else this.log.warn({ err: e, userId }, 'could not read the notification outbox');
    } finally {
      user.running = undefined;
      if (user.followers.size === 0) this.users.delete(userId);
    }
  }

  /** Sends every reader of the user what the outbox holds after its cursor. */
  private async read(userId: string, user: UserFollowers): Promise<void> {
    await this.startNewFollowers(userId, user);
    for (;;) {
      const followers = [...user.followers];
      const from = Math.min(...followers.map((f) => f.cursor ?? Number.POSITIVE_INFINITY));
      if (!Number.isFinite(from)) return;
      const rows = await this.repo.after(userId, from, BATCH);
      if (rows.length === 0) return;
      const now = this.clock.now();
      await Promise.all(followers.map((f) => this.send(f, rows, now)));
      if (rows.length < BATCH) return;
    }
  }

  /**
   * A device starts after its saved cursor (a device never seen: from now), at most
   * REPLAY_LIMIT back; a connection without a device from now.
   */
  private async startNewFollowers(userId: string, user: UserFollowers): Promise<void> {
    const fresh = [...user.followers].filter((f) => f.cursor === undefined);
    if (fresh.length === 0) return;
    const latest = (await this.repo.latestSeqs([userId])).get(userId) ?? 0;
    for (const follower of fresh) {
      // "From now" is when it connected, not when this read ran: one stored in between is its.
      const since = await this.repo.firstSeqSince(userId, follower.since);
      const now = since === undefined ? latest : Math.min(latest, since - 1);
      const { clientId } = follower.reader;
      if (clientId === '') {
        follower.cursor = now;
        continue;
      }
      const saved = await this.repo.deviceCursor(userId, clientId);
      if (saved === undefined) await this.repo.saveDeviceCursor(userId, clientId, now, this.clock.now());
      follower.cursor = Math.max(saved ?? now, latest - REPLAY_LIMIT);
    }
  }

  /**
   * Saves the device's cursor first, then sends: a crash in between costs the device a live
   * frame it can still list, never a frame shown twice. Frames the closed socket could not take
   * give their place back.
   */
  private async send(follower: Follower, rows: NotificationRow[], now: Date): Promise<void> {
    const previous = follower.cursor;
    if (previous === undefined) return;
    const missed = rows.filter((r) => r.seq > previous);
    const last = missed[missed.length - 1];
    if (!last) return;
    const { reader } = follower;
    if (!reader.open) return;
    if (reader.clientId !== '')
      await this.repo.saveDeviceCursor(reader.userId, reader.clientId, last.seq, now);
    if (!reader.open) {
      if (reader.clientId !== '') {
        await this.repo.restoreDeviceCursor(reader.userId, reader.clientId, last.seq, previous);
      }
      return;
    }
    for (const row of missed) reader.sendJson(JSON.stringify(toNotificationFrame(row, now)));
    follower.cursor = last.seq;
  }

  /** The safety net: users here whose outbox moved past what their readers have. */
  private async poll(): Promise<void> {
    const userIds = [...this.users.keys()];
    if (userIds.length === 0) return;
    let latest: Map<string, number>;
    try {
      latest = await this.repo.latestSeqs(userIds);
    } catch (e) {
      if (!isDatabaseUnavailable(e)) this.log.warn({ err: e }, 'could not poll the notification outbox');
      return;
    }
    for (const [userId, user] of this.users) {
      const seq = latest.get(userId) ?? 0;
      if ([...user.followers].some((f) => f.cursor === undefined || f.cursor < seq)) this.wake(userId);
    }
  }
}
