import { randomUUID } from 'node:crypto';
import type {
  ListNotificationsQuery,
  NotificationType,
  PushedNotification,
  PushNotificationBody,
  StoredNotification,
} from '@cyrene/contracts';
import type { Clock } from '../clock/clock';
import type { Executor } from '../db/executor';
import type { NotificationRow } from '../db/schema';
import { Listeners } from '../events/listeners';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/principal';
import type { Logger } from '../logging/logger';
import type { ConnectionHub } from '../realtime/hub';
import type { NotificationDelivery } from './delivery';
import { toPushedNotification, toStoredNotification } from './mapper';
import type { NotificationsRepository } from './repository';
import type { UserDirectory } from './users';

/** A notification to send, from a route or from other domains (reminders, automation, briefings). */
export interface NotificationInput {
  userId: string;
  type: NotificationType;
  title: string;
  body: string;
  data?: Record<string, unknown>;
  /** Scheduled work passes its occurrence key: the notification is then stored once. */
  idempotencyKey?: string;
  /** Loop breaker: what caused it (absent: someone outside, depth 0). */
  cause?: EventCause;
}

/**
 * What caused an event (a notification, a reminder firing, a chat message) that automation
 * rules may react to: the automation run behind it, and how deep that chain already is.
 */
export interface EventCause {
  /** 0 for something a person or an outside system did; one more than the causing run. */
  depth: number;
  runId?: string;
}

const OUTSIDE: EventCause = { depth: 0 };

/** Told about every notification stored and sent (automation's `notification` events). */
export type NotificationListener = (notification: StoredNotification, cause: EventCause) => void;

const notFound = () => new ApiError('not_found', '通知不存在');

/** §11: the outbox, delivery over every WebSocket of the user (any instance), read state. */
export class NotificationsService {
  private readonly listeners: Listeners<Parameters<NotificationListener>>;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly hub: ConnectionHub,
    /** Every connection's reading of the outbox (the WebSocket layer registers them). */
    readonly delivery: NotificationDelivery,
    private readonly users: UserDirectory,
    private readonly clock: Clock,
    log: Logger,
  ) {
    this.listeners = new Listeners(log, 'notification');
  }

  onDelivered(listener: NotificationListener): void {
    this.listeners.add(listener);
  }

  /** POST /notifications/push: the administrator may push to anyone, a user only to themself. */
  async push(principal: Principal, body: PushNotificationBody): Promise<PushedNotification> {
    if (!principal.isAdmin && body.user_id !== principal.userId) {
      throw new ApiError('forbidden', '无权向其他用户推送通知', '普通用户只能推送给自己');
    }
    if (!(await this.users.exists(body.user_id))) throw new ApiError('not_found', '用户不存在');
    const sent = await this.send({
      userId: body.user_id,
      type: body.type,
      title: body.title,
      body: body.body,
      data: body.data,
    });
    if (!sent) throw new Error('a notification without an idempotency key was not stored');
    return toPushedNotification(sent.row, sent.delivered);
  }

  /** Stores and delivers; undefined when its idempotency key was already used (sent before). */
  async send(input: NotificationInput): Promise<{ row: NotificationRow; delivered: boolean } | undefined> {
    const row = await this.store(input);
    if (!row) return undefined;
    return { row, delivered: this.deliver(row, input.cause) };
  }

  /**
   * Stores it in the outbox, inside the caller's transaction when given one. Call deliver()
   * once that transaction has committed.
   */
  store(input: NotificationInput, db?: Executor): Promise<NotificationRow | undefined> {
    return this.repo.insert(
      {
        id: randomUUID(),
        user_id: input.userId,
        type: input.type,
        title: input.title,
        body: input.body,
        data: input.data ?? {},
        created_at: this.clock.now(),
        idempotency_key: input.idempotencyKey ?? null,
      },
      db,
    );
  }

  /**
   * After the commit: every connection of the user, on every instance, reads it from the outbox.
   * True when one is following (it gets the notification, or after a crash its device does on
   * reconnecting).
   */
  deliver(row: NotificationRow, cause: EventCause = OUTSIDE): boolean {
    const delivered = this.hub.online(row.user_id);
    this.delivery.stored(row.user_id);
    const stored = toStoredNotification(row);
    this.listeners.emit(stored, cause);
    return delivered;
  }

  async list(
    principal: Principal,
    query: ListNotificationsQuery,
  ): Promise<{ notifications: StoredNotification[]; total: number }> {
    const userId = principal.userId;
    let afterSeq: number | undefined;
    if (query.after_id !== undefined) afterSeq = (await this.repo.seqOf(userId, query.after_id)) ?? 0;
    const filter = { userId, unread: query.unread, afterSeq };
    const [rows, total] = await Promise.all([
      this.repo.list(filter, query.limit, query.offset),
      this.repo.count(filter),
    ]);
    return { notifications: rows.map(toStoredNotification), total };
  }

  async markRead(principal: Principal, id: string): Promise<void> {
    if (!(await this.repo.markRead(principal.userId, id, this.clock.now()))) throw notFound();
  }

  markAllRead(principal: Principal): Promise<number> {
    return this.repo.markAllRead(principal.userId, this.clock.now());
  }
}
