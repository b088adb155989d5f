import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ClientFrameSchema, WS_PATHS, type WsConnectQuery, WsConnectQuerySchema } from '@cyrene/contracts';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { Clock } from '../clock/clock';
import { ApiError } from '../http/api-error';
import { type AuthGuard, bearerToken } from '../http/auth-guard';
import { knownError } from '../http/known-error';
import type { Principal } from '../http/principal';
import { validationError } from '../http/validation-error';
import type { Logger } from '../logging/logger';
import { frameTypeOf } from '../observability/frame-type';
import type { Telemetry, TraceParent } from '../observability/telemetry';
import { FrameBudget } from './frame-budget';
import type { ConnectionHub } from './hub';
import { refuseUpgrade } from './upgrade-refusal';
import { WsConnection } from './ws-connection';

/** Largest frame accepted: a voice_input of 10 MB audio in base64, plus its JSON. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
const CLIENT_FRAME_TYPES: ReadonlySet<string> = new Set(
  ClientFrameSchema.optionsMap.keys() as Iterable<string>,
);
/** Close code when the gateway stops (RFC 6455 "going away"). */
const CLOSE_GOING_AWAY = 1001;

/** A connection as the registry records it when it opens. */
export interface ConnectionOpened {
  connectionId: string;
  instanceId: string;
  userId: string;
  sessionId: string;
  /** '' when the client sent none: the connection is listed, no known client is recorded. */
  clientId: string;
  deviceName?: string;
  userAgent?: string;
}

/** Where connections are recorded for the admin's client and live-session lists. */
export interface ConnectionRegistry {
  connected(c: ConnectionOpened): Promise<void>;
  activity(connectionId: string, opts?: { message?: boolean }): Promise<void>;
  disconnected(connectionId: string): Promise<void>;
}

/** Told when a connection opens (after it joined the hub) and when it closes. */
export interface ConnectionListener {
  opened(conn: WsConnection): void;
  closed(conn: WsConnection): void;
}

/** What the chat layer does with a connection's frames. */
export interface FrameHandler {
  onText(conn: WsConnection, text: string): void;
  onBinary(conn: WsConnection): void;
}

export interface ChatSocketServerDeps {
  guard: AuthGuard;
  hub: ConnectionHub;
  clients: ConnectionRegistry;
  instanceId: string;
  log: Logger;
  heartbeatMs: number;
  maxBufferedBytes: number;
  /** Connections one user may hold on this instance; one more is refused (429) before the upgrade. */
  maxConnectionsPerUser: number;
  /** Frames per second a connection may send (twice that in a burst); more are dropped. */
  maxFramesPerSecond: number;
  clock: Clock;
  validate: boolean;
  frames: FrameHandler;
  /** E.g. the notification catch-up of a device that reconnects. */
  listener?: ConnectionListener;
  telemetry: Telemetry;
  /** The session of a connection that names none (the sessions domain makes its ids). */
  newSessionId: () => string;
}

/**
 * The WebSocket endpoint (/ws/chat and /api/v1/ws/chat) on the gateway's HTTP server: the
 * upgrade goes through the one auth guard (administrator only), then each connection is
 * registered with the hub and the client registry, pinged every heartbeat period, and closed
 * when it stops answering.
 */
export class ChatSocketServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    // Compression costs ~300 kB per idle connection; chat text is small.
    perMessageDeflate: false,
    maxPayload: MAX_FRAME_BYTES,
  });
  private readonly connections = new Set<WsConnection>();
  /** Open connections per user id on this instance. */
  private readonly perUser = new Map<string, number>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly deps: ChatSocketServerDeps) {}

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
    this.heartbeat = setInterval(() => this.beat(), this.deps.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Every connection on this instance (the hub counts them too). */
  get size(): number {
    return this.connections.size;
  }

  /** Says goodbye to every client (they reconnect elsewhere and resume). */
  close(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const conn of this.connections) conn.close(CLOSE_GOING_AWAY, 'server shutting down');
  }

  /** Cuts every connection without a close frame: what a crash does. */
  terminateAll(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const conn of this.connections) conn.terminate();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (!(WS_PATHS as readonly string[]).includes(url.pathname)) {
      refuseUpgrade(socket, 404, new ApiError('not_found', '接口不存在', `GET ${url.pathname}`).body);
      return;
    }
    if (this.closing) {
      refuseUpgrade(socket, 503, new ApiError('service_unavailable', '服务正在停止,请稍后重试').body);
      return;
    }
    this.authorize(req, url)
      .then(({ principal, query }) => {
        if (socket.destroyed) return;
        this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, req, principal, query));
      })
      .catch((e: unknown) => {
        const known = knownError(e);
        if (known) {
          refuseUpgrade(socket, known.status, known.body, known.headers);
          return;
        }
        this.deps.log.error({ err: e }, 'WebSocket upgrade failed');
        refuseUpgrade(socket, 500, { error: '服务器内部错误', errorType: 'internal_error' });
      });
  }

  private async authorize(
    req: IncomingMessage,
    url: URL,
  ): Promise<{ principal: Principal; query: WsConnectQuery }> {
    const parsed = WsConnectQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) throw validationError({ query: parsed.error });
    const principal = await this.deps.guard.authenticate(bearerToken(req, parsed.data.token));
    this.deps.guard.requireAdmin(principal);
    const { maxConnectionsPerUser } = this.deps;
    if ((this.perUser.get(principal.userId) ?? 0) >= maxConnectionsPerUser) {
      throw new ApiError(
        'rate_limited',
        `WebSocket 连接数过多 (每个用户最多 ${maxConnectionsPerUser} 个)`,
        '请关闭不再使用的连接后重试',
      );
    }
    return { principal, query: parsed.data };
  }

  private open(ws: WebSocket, req: IncomingMessage, principal: Principal, query: WsConnectQuery): void {
    const { hub, clients, log } = this.deps;
    const conn = new WsConnection(
      ws,
      {
        id: randomUUID(),
        userId: principal.userId,
        sessionId: query.session_id || this.deps.newSessionId(),
        clientId: query.client_id ?? '',
        deviceName: query.device_name ?? '',
        userAgent: req.headers['user-agent'] ?? '',
      },
      {
        maxBufferedBytes: this.deps.maxBufferedBytes,
        validate: this.deps.validate,
        telemetry: this.deps.telemetry,
      },
    );
    this.connections.add(conn);
    this.perUser.set(conn.userId, (this.perUser.get(conn.userId) ?? 0) + 1);
    this.deps.telemetry.wsConnections(1);
    hub.add(conn);
    // Nothing more is queued for a client dropped as too slow, even before its socket closes.
    conn.onDropped = () => hub.remove(conn);
    this.deps.listener?.opened(conn);
    const recorded = clients
      .connected({
        connectionId: conn.id,
        instanceId: this.deps.instanceId,
        userId: conn.userId,
        sessionId: conn.sessionId,
        clientId: conn.info.clientId,
        deviceName: query.device_name,
        userAgent: conn.info.userAgent || undefined,
      })
      .catch((e: unknown) => log.warn({ err: e }, 'could not record a WebSocket connection'));

    // A traceparent on the upgrade request is continued: the connection's frames join that trace.
    const traceParent = this.deps.telemetry.traceParent(req.headers);
    const budget = new FrameBudget(this.deps.maxFramesPerSecond, this.deps.clock);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      conn.alive = true;
      if (!budget.take()) {
        if (budget.shouldTell())
          conn.send({
            type: 'error',
            error: `发送过于频繁,超出的消息已丢弃 (每秒最多 ${this.deps.maxFramesPerSecond} 条)`,
            errorType: 'rate_limited',
            timestamp: this.deps.clock.now().getTime(),
          });
        return;
      }
      if (isBinary) this.deps.frames.onBinary(conn);
      else this.received(conn, rawText(data), traceParent);
    });
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('error', (e) => log.debug({ err: e, connectionId: conn.id }, 'WebSocket error'));
    ws.on('close', () => {
      this.connections.delete(conn);
      const left = (this.perUser.get(conn.userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(conn.userId, left);
      else this.perUser.delete(conn.userId);
      this.deps.telemetry.wsConnections(-1);
      hub.remove(conn);
      this.deps.listener?.closed(conn);
      // After the row exists, or the delete would run first and leave it behind.
      void recorded.then(() =>
        clients
          .disconnected(conn.id)
          .catch((e: unknown) => log.warn({ err: e }, 'could not record a WebSocket disconnect')),
      );
    });
  }

  /**
   * A text frame, counted and (tracing) handled inside a span named by its type, in the trace of
   * the upgrade's traceparent when it had one (else a trace of its own).
   */
  private received(conn: WsConnection, text: string, traceParent: TraceParent | undefined): void {
    const { telemetry, frames } = this.deps;
    if (!telemetry.enabled) {
      frames.onText(conn, text);
      return;
    }
    const type = frameTypeOf(text, CLIENT_FRAME_TYPES);
    telemetry.wsFrame('in', type);
    telemetry.span(
      `ws ${type}`,
      { 'cyrene.ws.frame_type': type },
      () => frames.onText(conn, text),
      traceParent,
    );
  }

  /** Pings everyone; whoever did not answer the last ping (or say anything since) is gone. */
  private beat(): void {
    for (const conn of this.connections) {
      if (!conn.alive) {
        conn.terminate();
        continue;
      }
      conn.alive = false;
      conn.ping();
    }
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
