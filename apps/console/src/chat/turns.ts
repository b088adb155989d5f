import type { ChatReply, ChatSocket, Message } from '@cyrene/sdk';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../ui/ErrorNotice';
import { chatKeys } from './queries';

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

interface TurnsOptions {
  socket: ChatSocket | null;
  sessionId: string;
  /** The socket follows the session and its replay is over (see follow.ts). */
  following: boolean;
  /** The newest stored message shown now. */
  lastStoredId: number;
  /** Words for failures that bring none: no connection; a reply that broke off without saying why. */
  texts: { offline: string; replyFailed: string };
}

/** How long a reply that ended with finish_reason "error" waits for the error frame that follows it. */
const ERROR_FRAME_WAIT_MS = 2000;

let nextKey = 0;

/**
 * The replies streaming into the open session: the ones asked here (through the SDK's
 * ChatReply) and the ones other devices asked for (their stream frames). A finished turn stays
 * until the refreshed message list has it, so nothing blinks or shows twice.
 */
export function useLiveTurns({ socket, sessionId, following, lastStoredId, texts }: TurnsOptions) {
  const queryClient = useQueryClient();
  const [ownTurns, setTurns] = useState<LiveTurn[]>([]);
  const ownReplies = useRef(new Set<ChatReply>());
  const followingRef = useRef(following);
  useEffect(() => {
    followingRef.current = following;
  }, [following]);

  const update = useCallback((key: string, change: (turn: LiveTurn) => LiveTurn) => {
    setTurns((all) => all.map((t) => (t.key === key ? change(t) : t)));
  }, []);
  const remove = useCallback((key: string) => setTurns((all) => all.filter((t) => t.key !== key)), []);

  /** Fetches the session's messages (and the session list's order) again. */
  const refresh = useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: chatKeys.messages(sessionId) }),
      queryClient.invalidateQueries({ queryKey: chatKeys.sessions }),
    ]);
  }, [queryClient, sessionId]);

  /** The stored list catches up; then the finished turn gives way to its stored messages. */
  const settle = useCallback(
    async (key: string) => {
      await refresh();
      remove(key);
    },
    [refresh, remove],
  );

  const run = useCallback(
    async (key: string, content: string) => {
      if (!socket) return;
      const reply = socket.ask(content, { sessionId });
      ownReplies.current.add(reply);
      // A reply the upstream broke off mid-way ends (finish_reason "error", the partial text
      // kept) and then the error frame says why.
      let why: ((error: string) => void) | undefined;
      const offError = socket.on('error', (f) => {
        if (f.message_id !== undefined && f.message_id === reply.messageId) why?.(f.error);
      });
      const failed = (error: string) => update(key, (t) => ({ ...t, status: 'failed', error }));
      try {
        for await (const chunk of reply) {
          update(key, (t) => ({
            ...t,
            messageId: reply.messageId,
            status: 'streaming',
            text: t.text + chunk,
          }));
        }
        const result = await reply.done;
        update(key, (t) => ({ ...t, text: result.text, interrupted: result.interrupted }));
        if (result.finishReason === 'error') {
          failed(
            await new Promise<string>((resolve) => {
              why = resolve;
              setTimeout(() => resolve(texts.replyFailed), ERROR_FRAME_WAIT_MS);
            }),
          );
          return;
        }
        update(key, (t) => ({ ...t, status: 'done' }));
        await settle(key);
      } catch (e) {
        failed(describeError(e, texts.offline).message);
      } finally {
        offError();
        ownReplies.current.delete(reply);
      }
    },
    [socket, sessionId, update, settle, texts],
  );

  const send = useCallback(
    (content: string) => {
      const key = `turn-${nextKey++}`;
      // A failed turn not retried gives way: its question is stored and shows after the refresh.
      setTurns((all) => [
        ...all.filter((t) => t.status !== 'failed'),
        { key, question: content, askedAt: Date.now(), text: '', status: 'waiting', afterId: lastStoredId },
      ]);
      void run(key, content);
    },
    [run, lastStoredId],
  );

  /** Asks a failed question again (the gateway stored it once already; it stores it again). */
  const retry = useCallback(
    (turn: LiveTurn) => {
      if (turn.question === undefined) return;
      update(turn.key, (t) => ({ ...t, text: '', status: 'waiting', error: undefined, askedAt: Date.now() }));
      void run(turn.key, turn.question);
    },
    [run, update],
  );

  // Replies other devices asked for in this session: kept in a map as frames come (a replay
  // brings many at once) and shown at most once a frame's time.
  const [remoteTurns, setRemoteTurns] = useState<LiveTurn[]>([]);
  useEffect(() => {
    if (!socket) return;
    const remote = new Map<string, LiveTurn>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const publish = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setRemoteTurns([...remote.values()]);
      }, 16);
    };
    const ours = (messageId: string) => [...ownReplies.current].some((r) => r.messageId === messageId);
    const end = (messageId: string, text?: string) => {
      const turn = remote.get(messageId);
      if (!turn) return;
      remote.set(messageId, { ...turn, status: 'done', text: text ?? turn.text });
      publish();
      // A turn that ended within the replay is in the stored list already.
      const gone = () => {
        remote.delete(messageId);
        publish();
      };
      if (followingRef.current) void refresh().then(gone);
      else gone();
    };
    const offs = [
      socket.on('response', (f) => {
        if (f.session_id === sessionId && followingRef.current) void refresh();
      }),
      socket.on('stream_start', (f) => {
        if (f.session_id !== sessionId || ours(f.message_id)) return;
        remote.set(f.message_id, {
          key: `remote-${f.message_id}`,
          askedAt: f.timestamp,
          messageId: f.message_id,
          text: '',
          status: 'streaming',
          afterId: Number.POSITIVE_INFINITY,
        });
        publish();
      }),
      socket.on('stream_chunk', (f) => {
        const turn = f.session_id === sessionId ? remote.get(f.message_id) : undefined;
        if (!turn) return;
        remote.set(f.message_id, { ...turn, text: turn.text + f.content });
        publish();
      }),
      socket.on('stream_end', (f) => {
        if (f.session_id === sessionId) end(f.message_id, f.text);
      }),
      socket.on('error', (f) => {
        if (f.session_id === sessionId && f.message_id !== undefined) end(f.message_id);
      }),
    ];
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
      setRemoteTurns([]);
    };
  }, [socket, sessionId, refresh]);

  const turns = [...ownTurns, ...(following ? remoteTurns : [])].sort((a, b) => a.askedAt - b.askedAt);
  return { turns, send, retry };
}

/** Stored messages not already shown by a live turn. */
export function storedNotLive(messages: Message[], turns: LiveTurn[]): Message[] {
  const ownSince = Math.min(...turns.filter((t) => t.question !== undefined).map((t) => t.afterId));
  const remoteIds = new Set(turns.filter((t) => t.question === undefined).map((t) => t.messageId));
  return messages.filter((m) => m.id <= ownSince && !remoteIds.has(String(m.id)));
}
