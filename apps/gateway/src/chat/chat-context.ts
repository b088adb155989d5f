import type { ClientInfo, ErrorFrame, ErrorType } from '@cyrene/contracts';
import type { Clock } from '../clock/clock';
import { knownError } from '../http/known-error';
import type { Logger } from '../logging/logger';
import type { ConnectionHub } from '../realtime/hub';
import type { StreamLog } from '../realtime/stream-log';
import type { WsConnection } from '../realtime/ws-connection';
import type { ConnectionRegistry } from '../realtime/ws-server';
import type { SessionsService } from '../sessions/service';
import type { VoiceService } from '../voice/service';
import type { TurnInterrupter } from './interrupter';
import type { ChatService } from './service';
import type { TurnRunner } from './turn-runner';

/** What the frame handlers work with. */
export interface ChatContext {
  hub: ConnectionHub;
  sessions: Pick<SessionsService, 'history'>;
  /** Stores a message and runs its turn: the one chat path (webhooks and automation use it too). */
  chat: Pick<ChatService, 'store' | 'start'>;
  /** Frames of turns running here, for a resume. */
  turns: Pick<TurnRunner, 'liveFrames'>;
  streamLog: StreamLog;
  interrupter: TurnInterrupter;
  /** Speech to text as the REST route does it: the admin's stt routing, the audio format check. */
  speech: Pick<VoiceService, 'transcribeBytes'>;
  clients: Pick<ConnectionRegistry, 'activity'>;
  clock: Clock;
  log: Logger;
}

/** An error for one client (not part of any stream). */
export function errorFrame(
  ctx: ChatContext,
  error: string,
  errorType?: ErrorType,
  sessionId?: string,
): ErrorFrame {
  return {
    type: 'error',
    error,
    ...(errorType === undefined ? {} : { errorType }),
    ...(sessionId === undefined ? {} : { session_id: sessionId }),
    timestamp: ctx.clock.now().getTime(),
  };
}

/** A thrown error as the frame its sender gets; anything unexpected is logged and stays vague. */
export function failureFrame(ctx: ChatContext, e: unknown, sessionId?: string): ErrorFrame {
  const known = knownError(e);
  if (known) return errorFrame(ctx, known.message, known.errorType, sessionId);
  ctx.log.error({ err: e }, 'WebSocket frame failed');
  return errorFrame(ctx, '服务器内部错误', 'internal_error', sessionId);
}

/** Who sent a frame: the frame's own fields over the connection's. */
export function clientInfoOf(
  conn: WsConnection,
  frame: { client_id?: string; device_name?: string; user_agent?: string },
): ClientInfo {
  return {
    client_id: frame.client_id ?? conn.info.clientId,
    device_name: frame.device_name ?? conn.info.deviceName,
    user_agent: frame.user_agent ?? conn.info.userAgent,
  };
}
