import type { PingFrame } from '@cyrene/contracts';
import type { WsConnection } from '../../realtime/ws-connection';
import type { ChatContext } from '../chat-context';

/** `ping`: answered at once with `pong`. */
export function handlePing(conn: WsConnection, _frame: PingFrame, ctx: ChatContext): void {
  conn.send({ type: 'pong', timestamp: ctx.clock.now().getTime() });
}
