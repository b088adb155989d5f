import type { ColumnType, Selectable } from 'kysely';
import type { Timestamp } from './columns';

/** §2 realtime: chat turns, sequenced stream frames for resume, and large bus payloads. */

export type GenerationStatus = 'running' | 'done' | 'interrupted';

/** One chat turn; the running row of a session is that session's turn lock. */
export interface GenerationsTable {
  /** uuid */
  id: string;
  session_id: string;
  user_id: string;
  /** The gateway instance that runs (ran) it. */
  instance_id: string;
  /** The assistant message, once the engine produced its first text. */
  message_id: ColumnType<number | null, number | null | undefined, number | null>;
  status: GenerationStatus;
  started_at: Timestamp;
  /** Moved forward by the running instance; a stale one means that instance died. */
  heartbeat_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export type GenerationRow = Selectable<GenerationsTable>;

/** Per session: the highest seq that may have been sent (reserved ahead by the running turn). */
export interface StreamCursorsTable {
  session_id: string;
  last_seq: number;
  updated_at: Timestamp;
}

/** A JSON column written as a string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface StreamFramesTable {
  session_id: string;
  seq: number;
  /** A ServerFrame, exactly as sent. */
  frame: Json<Record<string, unknown>>;
  created_at: Timestamp;
}
export type StreamFrameRow = Selectable<StreamFramesTable>;

export interface BusPayloadsTable {
  id: string;
  /** The bus message, JSON text. */
  payload: string;
  created_at: Timestamp;
}

export interface RealtimeTables {
  generations: GenerationsTable;
  stream_cursors: StreamCursorsTable;
  stream_frames: StreamFramesTable;
  bus_payloads: BusPayloadsTable;
}
