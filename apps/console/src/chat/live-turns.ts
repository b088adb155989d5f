import type { Message } from '@cyrene/sdk';

/*
 * The state of the replies streaming into the open session, as pure functions: what each event
 * of a reply does to the list. useLiveTurns (turns.ts) feeds them from the socket.
 */

/** A reply on its way: asked here (with the question) or, from another device, only the answer. */
export interface LiveTurn {
  key: string;
  /** What this console asked; shown at once, before the gateway stored it. */
  question?: string;
  askedAt: number;
  /** The assistant message, once the reply started. */
  messageId?: string;
  text: string;
  status: 'waiting' | 'streaming' | 'done' | 'failed';
  error?: string;
  interrupted?: boolean;
  /** Stored messages newer than this belong to this turn: hidden until the turn is gone. */
  afterId: number;
}

/** What happens to a reply asked here. */
export type OwnTurnEvent =
  | { type: 'asked'; key: string; question: string; at: number; afterId: number }
  | { type: 'retried'; key: string; at: number }
  | { type: 'chunk'; key: string; messageId: string | undefined; text: string }
  | { type: 'ended'; key: string; text: string; interrupted: boolean }
  | { type: 'done'; key: string }
  | { type: 'failed'; key: string; error: string }
  /** The stored list has the turn's messages now: the turn gives way. */
  | { type: 'settled'; key: string };

const change = (turns: LiveTurn[], key: string, edit: (turn: LiveTurn) => LiveTurn): LiveTurn[] =>
  turns.map((turn) => (turn.key === key ? edit(turn) : turn));

export function ownTurnsReducer(turns: LiveTurn[], event: OwnTurnEvent): LiveTurn[] {
  switch (event.type) {
    case 'asked':
      // A failed turn not retried gives way: its question is stored and shows after the refresh.
      return [
        ...turns.filter((turn) => turn.status !== 'failed'),
        {
          key: event.key,
          question: event.question,
          askedAt: event.at,
          text: '',
          status: 'waiting',
          afterId: event.afterId,
        },
      ];
    case 'retried':
      return change(turns, event.key, (turn) => ({
        ...turn,
        text: '',
        status: 'waiting',
        error: undefined,
        askedAt: event.at,
      }));
    case 'chunk':
      return change(turns, event.key, (turn) => ({
        ...turn,
        messageId: event.messageId,
        status: 'streaming',
        text: turn.text + event.text,
      }));
    case 'ended':
      return change(turns, event.key, (turn) => ({
        ...turn,
        text: event.text,
        interrupted: event.interrupted,
      }));
    case 'done':
      return change(turns, event.key, (turn) => ({ ...turn, status: 'done' }));
    case 'failed':
      return change(turns, event.key, (turn) => ({ ...turn, status: 'failed', error: event.error }));
    case 'settled':
      return turns.filter((turn) => turn.key !== event.key);
  }
}

/** A frame of a reply another device asked for, in this session. */
export type RemoteTurnEvent =
  | { type: 'stream_start'; messageId: string; at: number }
  | { type: 'stream_chunk'; messageId: string; content: string }
  /** stream_end (with the whole text) or an error frame (without). */
  | { type: 'stream_end'; messageId: string; text?: string }
  /** The stored list has it now. */
  | { type: 'gone'; messageId: string };

/** Other devices' replies by message id; answers the same map when the event changes nothing. */
export function remoteTurnsReducer(
  turns: ReadonlyMap<string, LiveTurn>,
  event: RemoteTurnEvent,
): ReadonlyMap<string, LiveTurn> {
  const next = new Map(turns);
  const turn = turns.get(event.messageId);
  switch (event.type) {
    case 'stream_start':
      next.set(event.messageId, {
        key: `remote-${event.messageId}`,
        askedAt: event.at,
        messageId: event.messageId,
        text: '',
        status: 'streaming',
        afterId: Number.POSITIVE_INFINITY,
      });
      return next;
    case 'stream_chunk':
      if (!turn) return turns;
      next.set(event.messageId, { ...turn, text: turn.text + event.content });
      return next;
    case 'stream_end':
      if (!turn) return turns;
      next.set(event.messageId, { ...turn, status: 'done', text: event.text ?? turn.text });
      return next;
    case 'gone':
      if (!turn) return turns;
      next.delete(event.messageId);
      return next;
  }
}

/** What the conversation shows live: own turns, and others' while the session is followed, by time. */
export function visibleTurns(own: LiveTurn[], remote: LiveTurn[], following: boolean): LiveTurn[] {
  return [...own, ...(following ? remote : [])].sort((a, b) => a.askedAt - b.askedAt);
}

/** Stored messages not already shown by a live turn. */
export function storedNotLive(messages: Message[], turns: LiveTurn[]): Message[] {
  const ownSince = Math.min(...turns.filter((t) => t.question !== undefined).map((t) => t.afterId));
  const remoteIds = new Set(turns.filter((t) => t.question === undefined).map((t) => t.messageId));
  return messages.filter((m) => m.id <= ownSince && !remoteIds.has(String(m.id)));
}
