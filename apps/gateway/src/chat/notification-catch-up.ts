import type { Logger } from '../logging/logger';
import type { NotificationsService } from '../notifications/service';
import type { WsConnection } from '../realtime/ws-connection';
import type { ConnectionListener } from '../realtime/ws-server';

/**
 * §11 catch-up per device: a connection that names its client_id first gets the notifications
 * that device missed while offline (each once per device, oldest first); when it closes,
 * everything stored until then counts as seen (it was delivered live). Connections without a
 * client_id are no device anyone can follow: they get live notifications only.
 */
export class NotificationCatchUp implements ConnectionListener {
  constructor(
    private readonly notifications: Pick<NotificationsService, 'replayMissed' | 'markDeviceCaughtUp'>,
    private readonly log: Logger,
  ) {}

  opened(conn: WsConnection): void {
    const { clientId } = conn.info;
    if (clientId === '') return;
    // Live notifications wait behind the catch-up, so one stored meanwhile is not sent twice.
    conn.hold();
    this.notifications
      .replayMissed(conn.userId, clientId)
      .catch((e: unknown) => {
        this.log.warn({ err: e, clientId }, 'could not read the notifications a device missed');
        return [];
      })
      .then((missed) => {
        const ids = new Set(missed.map((frame) => frame.notification.id));
        conn.releaseHeld(missed, (frame) => frame.type === 'notification' && ids.has(frame.notification.id));
      });
  }

  closed(conn: WsConnection): void {
    const { clientId } = conn.info;
    if (clientId === '') return;
    this.notifications
      .markDeviceCaughtUp(conn.userId, clientId)
      .catch((e: unknown) => this.log.warn({ err: e, clientId }, 'could not record what a device has seen'));
  }
}
