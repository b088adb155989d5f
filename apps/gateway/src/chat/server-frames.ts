import { type ServerFrame, ServerFrameSchema } from '@cyrene/contracts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The frames of a chat turn: numbered by the session stream, stored for resume. */
export type StreamFrame = Extract<
  ServerFrame,
  { type: 'response' | 'stream_start' | 'stream_chunk' | 'stream_end' | 'voice_transcript' | 'error' }
> & { seq: number; session_id: string };

/** A turn frame before the stream gives it its session, seq and timestamp. */
export type TurnFrame = DistributiveOmit<StreamFrame, 'seq' | 'timestamp' | 'session_id'>;

/**
 * A frame as JSON text. With `validate` (tests) it is checked against the contract first, so a
 * frame the contract does not allow fails loudly instead of reaching a client.
 */
export function serializeFrame(frame: ServerFrame, validate: boolean): string {
  if (validate) ServerFrameSchema.parse(frame);
  return JSON.stringify(frame);
}
