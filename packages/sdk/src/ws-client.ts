import {
  type Attachment,
  type ChatMode,
  type ClientFrameInput,
  type ServerFrame,
  ServerFrameSchema,
  type ServerFrameType,
  WS_PATHS,
  type WsMessage,
} from '@cyrene/contracts';
import { ChatError, type ChatReply } from './ws-reply';
import { ReplyTracker } from './ws-reply-tracker';
import {
  globalWebSocket,
  randomId,
  socketUrl,
  type WebSocketConstructor,
  type WebSocketLike,
  WS_OPEN,
} from './ws-socket';

export { ChatError, ChatReply, type ChatReplyResult } from './ws-reply';
export type { WebSocketConstructor, WebSocketLike } from './ws-socket';

export type ChatSocketState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ReconnectOptions {
  /** First wait after a lost connection (default 500 ms); doubled each failed try. */
  initialDelayMs?: number;
  /** Longest wait between tries (default 15 s). */
  maxDelayMs?: number;
  /** Give up after this many tries in a row (default: never). */
  maxAttempts?: number;
}

export interface ChatSocketOptions {
  /** Where the gateway listens, e.g. `http://localhost:8080` (ws:// or wss:// is derived). */
  baseUrl: string;
  /** The access token, or a function giving the current one (asked on every connect). */
  token: string | (() => string | undefined | Promise<string | undefined>);
  /** The session frames go to by default; generated (`session_` + 12 characters) when absent. */
  sessionId?: string;
  /** This installation's id (多端标识); generated when absent. */
  clientId?: string;
  deviceName?: string;
  /** Defaults to the global `WebSocket` (browsers); in Node 20 pass the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  /** Defaults to `/ws/chat`. */
  path?: (typeof WS_PATHS)[number];
  /** `false`: no automatic reconnect. */
  reconnect?: ReconnectOptions | false;
  /** Application-level ping period, to notice a dead connection from this side (default 25 s; 0: off). */
  pingIntervalMs?: number;
  /** Check every incoming frame against the contract; invalid ones go to `onInvalidFrame`. */
  validate?: boolean;
}

export interface AskOptions {
  sessionId?: string;
  mode?: ChatMode;
  attachments?: Attachment[];
}

type FrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;
type Listener<T> = (value: T) => void;

/**
 * The gateway's chat WebSocket (§2) with typed frames, a streamed answer per question,
 * automatic reconnect with backoff, ping, and resume: after a reconnect it asks each session
 * for the frames after the last seq it saw, so a reply in progress simply goes on.
 */
export class ChatSocket {
  readonly sessionId: string;
  readonly clientId: string;
  private readonly options: ChatSocketOptions;
  private readonly WebSocketImpl: WebSocketConstructor;
  private socket: WebSocketLike | undefined;
  private stateValue: ChatSocketState = 'connecting';
  private readonly listeners = new Map<string, Set<Listener<ServerFrame>>>();
  private readonly anyListeners = new Set<Listener<ServerFrame>>();
  private readonly stateListeners = new Set<Listener<ChatSocketState>>();
  private readonly invalidListeners = new Set<Listener<unknown>>();
  private readonly outbox: string[] = [];
  private readonly replies = new ReplyTracker();
  /** Followed sessions, each with the end of its first replay. */
  private readonly following = new Map<string, Promise<void>>();
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private heardSincePing = true;
  private opened: { resolve(): void; reject(e: Error): void } | undefined;

  constructor(options: ChatSocketOptions) {
    const impl = options.WebSocket ?? globalWebSocket();
    if (!impl) throw new Error('No WebSocket implementation: pass the `ws` package as options.WebSocket');
    this.options = options;
    this.WebSocketImpl = impl;
    this.sessionId = options.sessionId ?? randomId('session_');
    this.clientId = options.clientId ?? randomId('client_');
  }

  get state(): ChatSocketState {
    return this.stateValue;
  }

  /** Opens the connection; resolves once it is open (after retries, when reconnect is on). */
  connect(): Promise<void> {
    if (this.stateValue === 'open') return Promise.resolve();
    const opened = new Promise<void>((resolve, reject) => {
      this.opened = { resolve, reject };
    });
    if (!this.socket && !this.retryTimer) void this.open();
    return opened;
  }

  /** Sends a frame now, or as soon as the connection is back. */
  send(frame: ClientFrameInput): void {
    const json = JSON.stringify(frame);
    if (this.socket?.readyState === WS_OPEN) this.socket.send(json);
    else this.outbox.push(json);
  }

  /** Asks a question; the answer streams into the returned reply. */
  ask(content: string, options: AskOptions = {}): ChatReply {
    const sessionId = options.sessionId ?? this.sessionId;
    const reply = this.replies.expect(sessionId, content, this.socket?.readyState === WS_OPEN);
    this.send({
      type: 'message',
      content,
      session_id: sessionId,
      mode: options.mode ?? 'text',
      attachments: options.attachments,
      client_id: this.clientId,
      device_name: this.options.deviceName,
    });
    return reply;
  }

  /** The session's most recent messages, oldest first. */
  history(limit?: number, sessionId = this.sessionId): Promise<WsMessage[]> {
    return new Promise((resolve) => {
      const off = this.on('history_response', (frame) => {
        if (frame.session_id !== sessionId) return;
        off();
        resolve(frame.messages);
      });
      this.send({ type: 'history', session_id: sessionId, limit });
    });
  }

  /** Every frame of a type, from now on; returns the function that stops listening. */
  on<T extends ServerFrameType>(type: T, listener: Listener<FrameOf<T>>): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    const wrapped = listener as Listener<ServerFrame>;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** Every frame, whatever its type. */
  onFrame(listener: Listener<ServerFrame>): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  onState(listener: Listener<ChatSocketState>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** With `validate`: a frame the contract does not allow (it is not delivered). */
  onInvalidFrame(listener: Listener<unknown>): () => void {
    this.invalidListeners.add(listener);
    return () => this.invalidListeners.delete(listener);
  }

  /** Every frame from now on, as an async iterator that ends when the socket is closed. */
  frames(): AsyncIterableIterator<ServerFrame> {
    const queue: ServerFrame[] = [];
    let wake: (() => void) | undefined;
    const offFrame = this.onFrame((frame) => {
      queue.push(frame);
      wake?.();
    });
    const offState = this.onState((state) => {
      if (state === 'closed') wake?.();
    });
    const stop = () => {
      offFrame();
      offState();
    };
    const self = this;
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<ServerFrame>> {
        for (;;) {
          const frame = queue.shift();
          if (frame) return { value: frame, done: false };
          if (self.stateValue === 'closed') {
            stop();
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      },
      async return(): Promise<IteratorResult<ServerFrame>> {
        stop();
        return { value: undefined, done: true };
      },
    };
  }

  /**
   * Receives a session's frames from now on, whoever asks there (another device, a webhook, an
   * automation), and after every reconnect too. A session this socket never saw frames of is
   * replayed from what the gateway still holds, so a reply already under way shows up whole.
   * Resolves once that replay is over: a question asked before then could be matched with a
   * replayed answer. Following a session again returns the same promise.
   */
  follow(sessionId: string): Promise<void> {
    const known = this.following.get(sessionId);
    if (known) return known;
    this.replies.follow(sessionId);
    // Not open yet: the resumes sent on opening include it. Seen already: it is resumed anyway.
    if (this.socket?.readyState === WS_OPEN && this.replies.lastSeq(sessionId) === undefined) {
      this.socket.send(JSON.stringify({ type: 'resume', session_id: sessionId, after_seq: 0 }));
    }
    // The gateway answers one connection's frames in order: this answer comes after the replay.
    const replayed = this.history(1, sessionId).then(() => undefined);
    this.following.set(sessionId, replayed);
    return replayed;
  }

  /** The last seq seen in a session (what a resume starts from). */
  lastSeq(sessionId = this.sessionId): number | undefined {
    return this.replies.lastSeq(sessionId);
  }

  /** Closes for good: no reconnect; unfinished replies fail. */
  close(): void {
    this.setState('closed');
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.socket?.close(1000, 'client closed');
    this.socket = undefined;
    this.replies.failAll(new ChatError('连接已关闭'));
    this.opened?.reject(new Error('closed before the connection opened'));
    this.opened = undefined;
  }

  private async open(): Promise<void> {
    const { options } = this;
    let token: string | undefined;
    try {
      token = typeof options.token === 'function' ? await options.token() : options.token;
    } catch {
      token = undefined;
    }
    if (this.stateValue === 'closed') return;
    const url = socketUrl(options.baseUrl, options.path ?? WS_PATHS[0], {
      token,
      session_id: this.sessionId,
      client_id: this.clientId,
      device_name: options.deviceName,
    });
    const socket = new this.WebSocketImpl(url);
    this.socket = socket;
    socket.addEventListener('open', () => this.onOpen(socket));
    socket.addEventListener('message', (event) => this.onMessage(socket, event.data));
    socket.addEventListener('close', () => this.onClose(socket));
    socket.addEventListener('error', () => {});
  }

  private onOpen(socket: WebSocketLike): void {
    if (socket !== this.socket) return;
    this.attempts = 0;
    this.heardSincePing = true;
    for (const frame of this.replies.resumeFrames()) socket.send(JSON.stringify(frame));
    for (const json of this.outbox.splice(0)) socket.send(json);
    this.replies.markSent();
    this.startPing(socket);
    this.setState('open');
    this.opened?.resolve();
    this.opened = undefined;
  }

  private onMessage(socket: WebSocketLike, data: unknown): void {
    if (socket !== this.socket || typeof data !== 'string') return;
    this.heardSincePing = true;
    let frame: ServerFrame;
    try {
      const json: unknown = JSON.parse(data);
      if (this.options.validate) {
        const parsed = ServerFrameSchema.safeParse(json);
        if (!parsed.success) {
          for (const l of this.invalidListeners) l(json);
          return;
        }
        frame = parsed.data;
      } else {
        frame = json as ServerFrame;
      }
    } catch {
      for (const l of this.invalidListeners) l(data);
      return;
    }
    this.replies.observe(frame, this.clientId);
    for (const l of this.listeners.get(frame.type) ?? []) l(frame);
    for (const l of this.anyListeners) l(frame);
  }

  private onClose(socket: WebSocketLike): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    clearInterval(this.pingTimer);
    if (this.stateValue === 'closed') return;
    const reconnect = this.options.reconnect;
    const max = reconnect === false ? 0 : (reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY);
    if (this.attempts >= max) {
      this.close();
      return;
    }
    const initial = (reconnect || undefined)?.initialDelayMs ?? 500;
    const cap = (reconnect || undefined)?.maxDelayMs ?? 15_000;
    // Exponential backoff with jitter, so clients of a restarted gateway do not return at once.
    const delay = Math.min(cap, initial * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts++;
    this.setState('reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.open();
    }, delay);
  }

  private startPing(socket: WebSocketLike): void {
    const every = this.options.pingIntervalMs ?? 25_000;
    if (every <= 0) return;
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      // Nothing heard for a whole period, not even the last pong: the connection is dead.
      if (!this.heardSincePing) {
        socket.close(4000, 'no pong');
        this.onClose(socket);
        return;
      }
      this.heardSincePing = false;
      if (socket.readyState === WS_OPEN) socket.send(JSON.stringify({ type: 'ping', timestamp: Date.now() }));
    }, every);
  }

  private setState(state: ChatSocketState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    for (const l of this.stateListeners) l(state);
  }
}

/** A chat WebSocket client; call `connect()` on it. */
export function createChatSocket(options: ChatSocketOptions): ChatSocket {
  return new ChatSocket(options);
}
