import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, GenerationRow } from '../db/schema';

export interface NewGeneration {
  id: string;
  sessionId: string;
  userId: string;
  instanceId: string;
  at: Date;
}

/** The seqs a turn may use: firstSeq..reservedThrough, reserved in stream_cursors. */
export interface SeqReservation {
  firstSeq: number;
  reservedThrough: number;
}

/**
 * The SQL of chat turns: the running generation row is the session's turn lock, and
 * stream_cursors holds how far the session's seqs are reserved. Writes of a turn are fenced
 * by `status = 'running'`, so an instance that lost its turn to a takeover changes nothing.
 */
export class GenerationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Takes the session's turn lock and reserves `block` seqs; undefined when another turn holds it. */
  async start(g: NewGeneration, block: number): Promise<SeqReservation | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('generations')
        .values({
          id: g.id,
          session_id: g.sessionId,
          user_id: g.userId,
          instance_id: g.instanceId,
          status: 'running',
          started_at: g.at,
          heartbeat_at: g.at,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return undefined;
      const reservedThrough = await reserve(tx, g.sessionId, block, g.at);
      return { firstSeq: reservedThrough - block + 1, reservedThrough };
    });
  }

  /** The running turn of a session, if any. */
  async running(sessionId: string): Promise<GenerationRow | undefined> {
    return this.db
      .selectFrom('generations')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('status', '=', 'running')
      .executeTakeFirst();
  }

  /** Reserves `block` more seqs; undefined when the turn is no longer running (taken over). */
  async extend(
    generationId: string,
    sessionId: string,
    block: number,
    at: Date,
  ): Promise<number | undefined> {
    const row = await this.db
      .updateTable('stream_cursors')
      .set({ last_seq: sql<number>`last_seq + ${block}`, updated_at: at })
      .where('session_id', '=', sessionId)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('generations')
            .select('id')
            .where('id', '=', generationId)
            .where('status', '=', 'running'),
        ),
      )
      .returning('last_seq')
      .executeTakeFirst();
    return row?.last_seq;
  }

  /** Says the turn's instance is alive; false when the turn is no longer running. */
  async heartbeat(generationId: string, at: Date): Promise<boolean> {
    const res = await this.db
      .updateTable('generations')
      .set({ heartbeat_at: at })
      .where('id', '=', generationId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  async setMessage(generationId: string, messageId: number): Promise<void> {
    await this.db
      .updateTable('generations')
      .set({ message_id: messageId })
      .where('id', '=', generationId)
      .execute();
  }

  /**
   * Ends the turn and gives back the seqs it reserved but did not use, so the next turn
   * continues at lastSeq + 1. False when the turn had been taken over meanwhile.
   */
  async finish(
    generationId: string,
    sessionId: string,
    status: 'done' | 'interrupted',
    lastSeq: number,
    at: Date,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const ended = await tx
        .updateTable('generations')
        .set({ status, finished_at: at })
        .where('id', '=', generationId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) === 0) return false;
      await tx
        .updateTable('stream_cursors')
        .set({ last_seq: lastSeq, updated_at: at })
        .where('session_id', '=', sessionId)
        .execute();
      return true;
    });
  }

  /** Running turns of instances other than `instanceId`, whatever their last heartbeat. */
  async runningElsewhere(instanceId: string, limit = 50): Promise<GenerationRow[]> {
    return this.db
      .selectFrom('generations')
      .selectAll()
      .where('status', '=', 'running')
      .where('instance_id', '<>', instanceId)
      .orderBy('heartbeat_at')
      .limit(limit)
      .execute();
  }

  /** Running turns of instances other than `exceptInstance` that stopped beating before `cutoff`. */
  async stale(cutoff: Date, exceptInstance: string, limit = 50): Promise<GenerationRow[]> {
    return this.db
      .selectFrom('generations')
      .selectAll()
      .where('status', '=', 'running')
      .where('heartbeat_at', '<', cutoff)
      .where('instance_id', '<>', exceptInstance)
      .orderBy('heartbeat_at')
      .limit(limit)
      .execute();
  }

  /**
   * Ends a turn whose instance died: marks it interrupted (only if still running and, with a
   * `cutoff`, stale)
   * and stores its closing frame at the next seq after everything its instance reserved, so
   * no client can already hold that seq. Returns the frame, or undefined when another
   * instance got there first (or the turn came back to life).
   */
  async interrupt<F extends { seq: number }>(
    generation: GenerationRow,
    cutoff: Date | undefined,
    at: Date,
    closingFrame: (seq: number) => F,
  ): Promise<F | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const ended = await tx
        .updateTable('generations')
        .set({ status: 'interrupted', finished_at: at })
        .where('id', '=', generation.id)
        .where('status', '=', 'running')
        .$if(cutoff !== undefined, (q) => q.where('heartbeat_at', '<', cutoff as Date))
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) === 0) return undefined;
      const seq = await reserve(tx, generation.session_id, 1, at);
      const frame = closingFrame(seq);
      await tx
        .insertInto('stream_frames')
        .values({ session_id: generation.session_id, seq, frame: JSON.stringify(frame), created_at: at })
        .execute();
      return frame;
    });
  }

  /** Forgets finished turns older than `before`. */
  async prune(before: Date): Promise<void> {
    await this.db
      .deleteFrom('generations')
      .where('status', '<>', 'running')
      .where('finished_at', '<', before)
      .execute();
  }
}

/** Moves the session's cursor `count` seqs ahead; returns the new last reserved seq. */
async function reserve(
  tx: Transaction<Database>,
  sessionId: string,
  count: number,
  at: Date,
): Promise<number> {
  const row = await tx
    .insertInto('stream_cursors')
    .values({ session_id: sessionId, last_seq: count, updated_at: at })
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet({
        last_seq: sql<number>`stream_cursors.last_seq + ${count}`,
        updated_at: at,
      }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}
