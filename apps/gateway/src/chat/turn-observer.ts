import type { StreamFrame } from './server-frames';

/** Watches one chat turn from inside (a caller that wants the whole reply rather than frames). */
export interface TurnObserver {
  /** Every frame of the turn, numbered, as the session's followers get it. */
  frame(frame: StreamFrame): void;
  /** The turn could not run or ended on an error outside the reply (e.g. refused while stopping). */
  failed(e: unknown): void;
}
