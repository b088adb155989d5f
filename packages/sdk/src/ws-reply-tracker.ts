import type { ResumeFrame, ServerFrame } from '@cyrene/contracts';
import { ChatError, ChatReply } from './ws-reply';

interface Pending {
  reply: ChatReply;
  /** The last seq of the session when the question was sent (undefined: none seen yet). */
  afterSeq: number | undefined;
  /** The seq of this question's own echo, when a replay carried it. */
  echoSeq?: number;
  /** Only a turn right after this question's echo is its answer (after a resume from 0). */
  requireEcho: boolean;
  /** Went out on a connection (false: waiting in the outbox for the next one). */
  sent: boolean;
}

interface SessionTrack {
  lastSeq?: number;
  /** The seq of the last echo of a message sent from another device. */
  otherEchoSeq?: number;
}

/**
 * Which streamed answer belongs to which question, and the last seq of each session.
 *
 * The gateway runs one turn at a time per session and numbers its frames without gaps, so a
 * turn is: the user's message echoed to the other devices (seq n), then its stream_start
 * (n + 1). The sender itself does not get its echo; a turn whose stream_start directly
 * follows another device's echo is that device's. A replay after a reconnect does carry the
 * sender's own echo (same client_id and text), which then names the answer exactly.
 */
export class ReplyTracker {
  private readonly sessions = new Map<string, SessionTrack>();
  private readonly pending: Pending[] = [];
  private readonly active = new Map<string, ChatReply>();
  /** Sessions whose frames this client wants whether or not it asked anything there. */
  private readonly followed = new Set<string>();

  expect(sessionId: string, content: string, sent: boolean): ChatReply {
    const reply = new ChatReply(sessionId, content);
    this.pending.push({ reply, afterSeq: this.track(sessionId).lastSeq, requireEcho: false, sent });
    return reply;
  }

  /** The outbox went out: its questions are now live on the new connection. */
  markSent(): void {
    for (const p of this.pending) p.sent = true;
  }

  follow(sessionId: string): void {
    this.followed.add(sessionId);
  }

  lastSeq(sessionId: string): number | undefined {
    return this.sessions.get(sessionId)?.lastSeq;
  }

  /**
   * What to send after a reconnect: a resume per session seen, followed or waited on. A session
   * with nothing seen yet is replayed from the start: the gateway held nothing of it when this
   * client last looked, so what it holds now is all news.
   */
  resumeFrames(): ResumeFrame[] {
    const frames: ResumeFrame[] = [];
    const sent = this.pending.filter((p) => p.sent);
    const waiting = new Set([
      ...this.followed,
      ...sent.map((p) => p.reply.sessionId),
      ...[...this.active.values()].map((r) => r.sessionId),
    ]);
    for (const [sessionId, track] of this.sessions) {
      if (track.lastSeq !== undefined)
        frames.push({ type: 'resume', session_id: sessionId, after_seq: track.lastSeq });
    }
    for (const sessionId of waiting) {
      if (this.sessions.get(sessionId)?.lastSeq !== undefined) continue;
      // Nothing seen there yet: replay what the session holds; only our own echo names the answer.
      for (const p of sent) if (p.reply.sessionId === sessionId) p.requireEcho = true;
      frames.push({ type: 'resume', session_id: sessionId, after_seq: 0 });
    }
    return frames;
  }

  observe(frame: ServerFrame, clientId: string): void {
    const sessionId = 'session_id' in frame ? frame.session_id : undefined;
    const seq = 'seq' in frame ? frame.seq : undefined;
    if (sessionId !== undefined && seq !== undefined) {
      const track = this.track(sessionId);
      if (seq > (track.lastSeq ?? 0)) track.lastSeq = seq;
    }
    switch (frame.type) {
      case 'response':
        if (frame.role === 'user' && seq !== undefined) this.echo(frame.session_id, seq, frame, clientId);
        return;
      case 'stream_start': {
        const pending = this.answerOf(frame.session_id, frame.seq, true);
        if (!pending) return;
        pending.reply.start(frame.message_id);
        this.active.set(frame.message_id, pending.reply);
        return;
      }
      case 'stream_chunk':
        this.active.get(frame.message_id)?.push(frame.content);
        return;
      case 'stream_end': {
        const reply = this.active.get(frame.message_id);
        this.active.delete(frame.message_id);
        reply?.finish({
          messageId: frame.message_id,
          text: frame.text,
          finishReason: frame.finish_reason,
          interrupted: frame.interrupted ?? false,
        });
        return;
      }
      case 'error':
        this.error(frame);
        return;
      default:
        return;
    }
  }

  failAll(error: ChatError): void {
    for (const p of this.pending.splice(0)) p.reply.fail(error);
    for (const reply of this.active.values()) reply.fail(error);
    this.active.clear();
  }

  private echo(
    sessionId: string,
    seq: number,
    frame: { content: string; client_info?: { client_id: string } },
    clientId: string,
  ): void {
    const own =
      frame.client_info?.client_id === clientId &&
      this.pending.find(
        (p) =>
          p.reply.sessionId === sessionId && p.echoSeq === undefined && p.reply.content === frame.content,
      );
    if (own) own.echoSeq = seq;
    else this.track(sessionId).otherEchoSeq = seq;
  }

  /**
   * The question a turn starting at `seq` answers, taken off the waiting list. `closing`: the
   * turn's first frame is its end (an error, possibly written by another instance after its
   * own died, at a later seq).
   */
  private answerOf(sessionId: string, seq: number, closing = false): Pending | undefined {
    const track = this.track(sessionId);
    const index = this.pending.findIndex((p) => {
      if (p.reply.sessionId !== sessionId) return false;
      if (p.echoSeq !== undefined) return closing ? seq > p.echoSeq : seq === p.echoSeq + 1;
      if (p.requireEcho) return false;
      if (track.otherEchoSeq !== undefined && seq === track.otherEchoSeq + 1) return false;
      return p.afterSeq === undefined || seq > p.afterSeq;
    });
    if (index < 0) return undefined;
    return this.pending.splice(index, 1)[0];
  }

  private error(frame: Extract<ServerFrame, { type: 'error' }>): void {
    const failure = new ChatError(frame.error, frame.errorType);
    if (frame.message_id !== undefined) {
      const reply = this.active.get(frame.message_id);
      this.active.delete(frame.message_id);
      reply?.fail(failure);
      return;
    }
    let pending: Pending | undefined;
    if (frame.session_id !== undefined && frame.seq !== undefined)
      pending = this.answerOf(frame.session_id, frame.seq, true);
    else {
      // Not part of a turn: a refusal of something just sent (validation, session, voice).
      const index = this.pending.findIndex(
        (p) =>
          p.echoSeq === undefined &&
          (frame.session_id === undefined || p.reply.sessionId === frame.session_id),
      );
      pending = index < 0 ? undefined : this.pending.splice(index, 1)[0];
    }
    pending?.reply.fail(failure);
  }

  private track(sessionId: string): SessionTrack {
    let track = this.sessions.get(sessionId);
    if (!track) {
      track = {};
      this.sessions.set(sessionId, track);
    }
    return track;
  }
}
