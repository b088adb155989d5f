import { type ClientFrame, ClientFrameSchema, describeInputFault, findInputFault } from '@cyrene/contracts';
import type { ZodError } from 'zod';
import { validationError } from '../http/validation-error';
import type { WsConnection } from '../realtime/ws-connection';
import type { FrameHandler } from '../realtime/ws-server';
import { type ChatContext, errorFrame } from './chat-context';
import { handleHistory } from './frames/history';
import { handleMessage } from './frames/message';
import { handlePing } from './frames/ping';
import { handleResume } from './frames/resume';
import { handleVoiceInput } from './frames/voice-input';

/** Frames other than messages update a connection's last activity at most this often. */
const ACTIVITY_EVERY_MS = 30_000;

/**
 * Every frame a client sends: parsed as JSON, checked against the contract's ClientFrameSchema,
 * and handed to the handler of its type. A bad frame gets an error frame; the connection
 * stays. Frames of one connection are handled one after another (a message is stored before
 * the next frame is looked at); `ping` is answered at once.
 */
export class FrameRouter implements FrameHandler {
  private readonly queues = new WeakMap<WsConnection, Promise<void>>();
  private readonly lastActivity = new WeakMap<WsConnection, number>();

  constructor(private readonly ctx: ChatContext) {}

  onText(conn: WsConnection, text: string): void {
    const frame = this.parse(conn, text);
    if (!frame) return;
    // A chat message counts itself once stored; anything else is recorded now and then.
    if (frame.type !== 'message' && frame.type !== 'voice_input') this.noteActivity(conn);
    if (frame.type === 'ping') {
      handlePing(conn, frame, this.ctx);
      return;
    }
    const previous = this.queues.get(conn) ?? Promise.resolve();
    const next = previous
      .then(() => this.dispatch(conn, frame))
      .catch((e: unknown) => {
        this.ctx.log.error({ err: e, type: frame.type }, 'WebSocket frame handler failed');
      });
    this.queues.set(conn, next);
  }

  private noteActivity(conn: WsConnection): void {
    const now = performance.now();
    if (now - (this.lastActivity.get(conn) ?? Number.NEGATIVE_INFINITY) < ACTIVITY_EVERY_MS) return;
    this.lastActivity.set(conn, now);
    this.ctx.clients
      .activity(conn.id)
      .catch((e: unknown) => this.ctx.log.warn({ err: e }, 'could not record client activity'));
  }

  onBinary(conn: WsConnection): void {
    conn.send(errorFrame(this.ctx, '不支持二进制消息: 请发送 JSON 文本', 'validation_failed'));
  }

  private dispatch(conn: WsConnection, frame: Exclude<ClientFrame, { type: 'ping' }>): Promise<void> {
    switch (frame.type) {
      case 'message':
        return handleMessage(conn, frame, this.ctx);
      case 'voice_input':
        return handleVoiceInput(conn, frame, this.ctx);
      case 'history':
        return handleHistory(conn, frame, this.ctx);
      case 'resume':
        return handleResume(conn, frame, this.ctx);
    }
  }

  private parse(conn: WsConnection, text: string): ClientFrame | undefined {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      conn.send(errorFrame(this.ctx, '消息不是有效的 JSON', 'validation_failed'));
      return undefined;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      conn.send(errorFrame(this.ctx, '消息必须是 JSON 对象', 'validation_failed'));
      return undefined;
    }
    const fault = findInputFault(json);
    if (fault) {
      conn.send(errorFrame(this.ctx, describeInputFault(fault), 'validation_failed'));
      return undefined;
    }
    const result = ClientFrameSchema.safeParse(json);
    if (result.success) return result.data;
    conn.send(errorFrame(this.ctx, describe(result.error, json), 'validation_failed'));
    return undefined;
  }
}

/** The first problem of a frame, in the words the REST API uses; an unknown type is named. */
function describe(error: ZodError, json: unknown): string {
  const first = error.issues[0];
  if (first?.code === 'invalid_union_discriminator') {
    const type = typeof json === 'object' && json !== null && 'type' in json ? json.type : undefined;
    return type === undefined ? '缺少必填字段: type' : `不支持的消息类型: ${String(type)}`;
  }
  return validationError({ body: error }).message;
}
