import { retryWhileUnavailable } from '../db/retry';
import type { MessageMeta } from '../db/schema';
import type { Logger } from '../logging/logger';
import type { SessionsService } from '../sessions/service';
import { WritePacer, type WritePacing } from './write-pacer';

/** A growing reply is saved when this much time passed since the last save… */
const SAVE_EVERY_MS = 1_000;
/** …or this many characters were added. */
const SAVE_EVERY_CHARS = 2_000;

/**
 * Stores a streamed assistant reply as it grows (at most one write in flight, paced like the
 * stream's own writes), so a client that went away — or an instance that died — still leaves
 * the text in the session.
 */
export class ReplyWriter {
  private savedChars = 0;
  private savedAt = performance.now();
  private latest = '';
  private inFlight: Promise<void> | undefined;
  private readonly pacer: WritePacer;
  /** The turn was taken over: the instance that ended it wrote the text. */
  stopped = false;
  private gaveUp = false;

  constructor(
    private readonly messageId: number,
    private readonly sessions: Pick<SessionsService, 'updateMessage'>,
    private readonly log: Logger,
    pacing: WritePacing,
  ) {
    this.pacer = new WritePacer(pacing, () => this.save());
  }

  progress(text: string): void {
    this.latest = text;
    if (this.stopped) return;
    const due =
      text.length - this.savedChars >= SAVE_EVERY_CHARS || performance.now() - this.savedAt >= SAVE_EVERY_MS;
    if (due) this.pacer.poke();
  }

  /**
   * The whole reply and what the engine reported about it. It exists nowhere else: while the
   * database is away the write is tried again until it is back (bounded); the first call that
   * gives up is the last, so a failure path does not wait out the same outage twice.
   */
  async finish(text: string, meta: MessageMeta): Promise<void> {
    this.pacer.cancel();
    await this.inFlight;
    if (this.stopped) return;
    if (this.gaveUp) throw new Error('the reply could not be stored');
    try {
      await retryWhileUnavailable(() => this.sessions.updateMessage(this.messageId, { content: text, meta }));
    } catch (e) {
      this.gaveUp = true;
      throw e;
    }
  }

  private save(): void {
    if (this.inFlight || this.stopped) return;
    const text = this.latest;
    this.savedChars = text.length;
    this.savedAt = performance.now();
    this.inFlight = this.sessions
      .updateMessage(this.messageId, { content: text })
      .catch((e: unknown) =>
        this.log.warn({ err: e, messageId: this.messageId }, 'could not save a reply in progress'),
      )
      .finally(() => {
        this.inFlight = undefined;
      });
  }
}
