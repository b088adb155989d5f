import type { ResumeFrame } from '@cyrene/contracts';
import type { SequencedFrame } from '../../realtime/bus';
import type { WsConnection } from '../../realtime/ws-connection';
import { type ChatContext, failureFrame } from '../chat-context';

/**
 * `resume`: the session's frames after `after_seq` — from the stream log, plus those of a turn
 * running here that are not stored yet — then the live tail. Live frames arriving meanwhile
 * wait behind the replay; each seq reaches the client once. A turn whose instance died is
 * ended first, so its interrupted stream_end is part of the replay.
 */
export async function handleResume(conn: WsConnection, frame: ResumeFrame, ctx: ChatContext): Promise<void> {
  const sessionId = frame.session_id;
  const afterSeq = frame.after_seq;
  ctx.hub.follow(conn, sessionId);
  conn.beginReplay(sessionId);
  let frames: SequencedFrame[] = [];
  try {
    await ctx.interrupter.settle(sessionId);
    const stored = await ctx.streamLog.after(sessionId, afterSeq);
    frames = [...stored, ...ctx.turns.liveFrames(sessionId, afterSeq)];
  } catch (e) {
    conn.send(failureFrame(ctx, e, sessionId));
  } finally {
    conn.endReplay(sessionId, afterSeq, frames);
  }
}
