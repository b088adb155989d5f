import type { NotificationDelivery } from '../notifications/delivery';
import type { WsConnection } from '../realtime/ws-connection';
import type { ConnectionListener } from '../realtime/ws-server';

/**
 * §11 on the chat WebSocket: each connection follows its user's notification outbox while it is
 * open. One that names its client_id is a device: it first gets what that device missed (each
 * notification once per device, oldest first, at most REPLAY_LIMIT); one without gets what is
 * stored from now on.
 */
export class NotificationCatchUp implements ConnectionListener {
  constructor(private readonly delivery: Pick<NotificationDelivery, 'follow' | 'unfollow'>) {}

  opened(conn: WsConnection): void {
    this.delivery.follow(conn);
  }

  closed(conn: WsConnection): void {
    this.delivery.unfollow(conn);
  }
}
