import type { ErrorType } from '@cyrene/contracts';

/** How a streamed answer ended. */
export interface ChatReplyResult {
  /** The assistant message (its id as the gateway stores it). */
  messageId: string;
  /** The whole reply (as far as it got, when interrupted). */
  text: string;
  /** "stop", "length", "error", "interrupted", … */
  finishReason: string;
  /** The gateway instance running the reply stopped; `text` is what was saved. */
  interrupted: boolean;
}

/** An `error` frame that ended a request: the gateway's message and errorType. */
export class ChatError extends Error {
  override readonly name = 'ChatError';
  constructor(
    message: string,
    readonly errorType?: ErrorType,
  ) {
    super(message);
  }
}

/**
 * One streamed answer: iterate it for the text as it arrives, or await `done` for the whole.
 * Iterating after the end still yields every chunk once; `done` rejects with a ChatError when
 * the gateway answered with an error instead.
 */
export class ChatReply implements AsyncIterable<string> {
  readonly done: Promise<ChatReplyResult>;
  /** The assistant message id, once the reply started. */
  messageId: string | undefined;
  private readonly chunks: string[] = [];
  private ended = false;
  private failure: ChatError | undefined;
  private readonly wakers = new Set<() => void>();
  private settle: { resolve(r: ChatReplyResult): void; reject(e: ChatError): void } = {
    resolve: () => {},
    reject: () => {},
  };

  constructor(
    /** The session the question went to. */
    readonly sessionId: string,
    /** What was asked (recognises its echo in a replay). */
    readonly content: string,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Iterating is enough to see a failure; an unobserved `done` must not crash the process.
    this.done.catch(() => {});
  }

  get started(): boolean {
    return this.messageId !== undefined;
  }

  get finished(): boolean {
    return this.ended;
  }

  /** @internal */
  start(messageId: string): void {
    this.messageId = messageId;
  }

  /** @internal */
  push(chunk: string): void {
    this.chunks.push(chunk);
    this.notify();
  }

  /** @internal */
  finish(result: ChatReplyResult): void {
    if (this.ended) return;
    this.ended = true;
    this.settle.resolve(result);
    this.notify();
  }

  /** @internal */
  fail(error: ChatError): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    this.settle.reject(error);
    this.notify();
  }

  private notify(): void {
    const wakers = [...this.wakers];
    this.wakers.clear();
    for (const wake of wakers) wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    let index = 0;
    for (;;) {
      while (index < this.chunks.length) yield this.chunks[index++] as string;
      if (this.ended) {
        if (this.failure) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => this.wakers.add(resolve));
    }
  }
}
