/**
 * The cross-instance bus: how a gateway instance tells the others "deliver this frame to user X"
 * or "here are the next frames of session S". Two implementations: in-process (PGlite: one
 * process) and PostgreSQL LISTEN/NOTIFY (several instances on one database).
 *
 * Delivery is at most once and in publication order per publisher; a receiver never sees its
 * own messages. Session streams survive a lost message because their frames are persisted with
 * a seq before they are published (the hub refills gaps from the stream log); notifications
 * because the bus only says "look" and every connection reads the outbox by its cursor.
 */

/** A frame the hub can deliver: anything JSON-serialisable with a `type`. */
export interface HubFrame {
  type: string;
}

/** A frame of a session's stream, with its per-session sequence number. */
export interface SequencedFrame extends HubFrame {
  seq: number;
}

export type BusMessage =
  /** Deliver to every connection of a user. */
  | { kind: 'user'; userId: string; frame: HubFrame }
  /** The user's notification outbox grew: their connections read it (a wake-up, not the data). */
  | { kind: 'notification'; userId: string }
  /** Deliver to every connection following a session. */
  | { kind: 'session'; sessionId: string; frame: HubFrame }
  /** Persisted frames of a session's stream, in seq order. */
  | { kind: 'stream'; sessionId: string; frames: SequencedFrame[] }
  /** A user's first connection opened on the sender (online) or its last one closed. */
  | { kind: 'presence'; userId: string; online: boolean }
  /** Everyone connected to the sender, sent in answer to `hello`. */
  | { kind: 'presence_sync'; userIds: string[] }
  /** A new instance: the others answer with presence_sync. */
  | { kind: 'hello' }
  /** The sender is alive (its presence stays valid). */
  | { kind: 'alive' }
  /** The sender stops: forget its presence. */
  | { kind: 'bye' }
  /** A chat turn of the session ended: instances waiting for its turn lock try again. */
  | { kind: 'turn_ended'; sessionId: string };

export type BusHandler = (message: BusMessage, from: string) => void;

export interface Bus {
  /** This node's id on the bus (one per gateway instance object). */
  readonly nodeId: string;
  /** Joins the bus and announces itself (`hello`); publishing before this does nothing. */
  start(): Promise<void>;
  /** Fire and forget; order is kept per publisher. */
  publish(message: BusMessage): void;
  /** The one receiver (the hub). */
  onMessage(handler: BusHandler): void;
  /**
   * Called each time the bus listens again after losing its connection: whatever was published
   * meanwhile did not arrive (the in-process bus never loses it).
   */
  onReconnected(listener: () => void): void;
  close(): Promise<void>;
}
