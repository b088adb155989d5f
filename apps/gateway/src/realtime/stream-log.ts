import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import type { SequencedFrame } from './bus';
import type { StreamGapSource } from './hub';

/** A frame about to be stored: its seq and its JSON exactly as sent. */
export interface LoggedFrame {
  seq: number;
  json: string;
}

/** Most frames one resume replays; older ones are left to `history`. */
export const MAX_REPLAY_FRAMES = 10_000;
/** Frames kept per session, whatever their age. */
export const MAX_FRAMES_PER_SESSION = 20_000;

/**
 * The stored frames of every session's stream, kept for a bounded time and count so a client
 * that reconnects — to any instance — gets exactly the frames it missed.
 */
export class StreamLog implements StreamGapSource {
  constructor(private readonly db: Kysely<Database>) {}

  async append(sessionId: string, frames: LoggedFrame[], at: Date): Promise<void> {
    if (frames.length === 0) return;
    await this.db
      .insertInto('stream_frames')
      .values(frames.map((f) => ({ session_id: sessionId, seq: f.seq, frame: f.json, created_at: at })))
      .onConflict((oc) => oc.columns(['session_id', 'seq']).doNothing())
      .execute();
  }

  /** Stored frames with seq > afterSeq, oldest first, at most `limit`. */
  async after(sessionId: string, afterSeq: number, limit = MAX_REPLAY_FRAMES): Promise<SequencedFrame[]> {
    const rows = await this.db
      .selectFrom('stream_frames')
      .select('frame')
      .where('session_id', '=', sessionId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => r.frame as unknown as SequencedFrame);
  }

  async framesBetween(sessionId: string, afterSeq: number, throughSeq: number): Promise<SequencedFrame[]> {
    const rows = await this.db
      .selectFrom('stream_frames')
      .select('frame')
      .where('session_id', '=', sessionId)
      .where('seq', '>', afterSeq)
      .where('seq', '<=', throughSeq)
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.frame as unknown as SequencedFrame);
  }

  /** The text streamed so far for an assistant message: its stored chunks, in order. */
  async streamedText(sessionId: string, messageId: number): Promise<string> {
    const rows = await this.db
      .selectFrom('stream_frames')
      .select(sql<string>`frame->>'content'`.as('content'))
      .where('session_id', '=', sessionId)
      .where(sql<string>`frame->>'type'`, '=', 'stream_chunk')
      .where(sql<string>`frame->>'message_id'`, '=', String(messageId))
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.content).join('');
  }

  /** Drops frames older than `before`, and the oldest of any session over its count. */
  async prune(before: Date): Promise<void> {
    await this.db.deleteFrom('stream_frames').where('created_at', '<', before).execute();
    await sql`
      delete from stream_frames f using stream_cursors c
      where f.session_id = c.session_id and f.seq <= c.last_seq - ${MAX_FRAMES_PER_SESSION}`.execute(this.db);
  }
}
