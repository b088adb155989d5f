import type { ChatReply, ChatSocket } from '@cyrene/sdk';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Locale } from '../i18n/locale';
import { describeError, errorFrameText } from '../ui/gateway-errors';
import {
  type LiveTurn,
  ownTurnsReducer,
  type RemoteTurnEvent,
  remoteTurnsReducer,
  visibleTurns,
} from './live-turns';
import { chatKeys } from './queries';

interface TurnsOptions {
  socket: ChatSocket | null;
  sessionId: string;
  /** The socket follows the session and its replay is over (see follow.ts). */
  following: boolean;
  /** The newest stored message shown now. */
  lastStoredId: number;
  /** The reader's language, for the gateway's errors. */
  locale: Locale;
  /** Words for a reply that broke off without saying why. */
  replyFailed: string;
}

/** How long a reply that ended with finish_reason "error" waits for the error frame that follows it. */
const ERROR_FRAME_WAIT_MS = 2000;

let nextKey = 0;

/**
 * The replies streaming into the open session: the ones asked here (through the SDK's
 * ChatReply) and the ones other devices asked for (their stream frames). A finished turn stays
 * until the refreshed message list has it, so nothing blinks or shows twice.
 */
export function useLiveTurns({
  socket,
  sessionId,
  following,
  lastStoredId,
  locale,
  replyFailed,
}: TurnsOptions) {
  const queryClient = useQueryClient();
  const [ownTurns, dispatch] = useReducer(ownTurnsReducer, []);
  const ownReplies = useRef(new Set<ChatReply>());
  const followingRef = useRef(following);
  useEffect(() => {
    followingRef.current = following;
  }, [following]);

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
      dispatch({ type: 'settled', key });
    },
    [refresh],
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
        if (f.message_id !== undefined && f.message_id === reply.messageId) why?.(errorFrameText(f, locale));
      });
      const failed = (error: string) => dispatch({ type: 'failed', key, error });
      try {
        for await (const chunk of reply) {
          dispatch({ type: 'chunk', key, messageId: reply.messageId, text: chunk });
        }
        const result = await reply.done;
        dispatch({ type: 'ended', key, text: result.text, interrupted: result.interrupted });
        if (result.finishReason === 'error') {
          failed(
            await new Promise<string>((resolve) => {
              why = resolve;
              setTimeout(() => resolve(replyFailed), ERROR_FRAME_WAIT_MS);
            }),
          );
          return;
        }
        dispatch({ type: 'done', key });
        await settle(key);
      } catch (e) {
        failed(describeError(e, locale).message);
      } finally {
        offError();
        ownReplies.current.delete(reply);
      }
    },
    [socket, sessionId, settle, locale, replyFailed],
  );

  const send = useCallback(
    (content: string) => {
      const key = `turn-${nextKey++}`;
      dispatch({ type: 'asked', key, question: content, at: Date.now(), afterId: lastStoredId });
      void run(key, content);
    },
    [run, lastStoredId],
  );

  /** Asks a failed question again (the gateway stored it once already; it stores it again). */
  const retry = useCallback(
    (turn: LiveTurn) => {
      if (turn.question === undefined) return;
      dispatch({ type: 'retried', key: turn.key, at: Date.now() });
      void run(turn.key, turn.question);
    },
    [run],
  );

  // Replies other devices asked for in this session: kept in a map as frames come (a replay
  // brings many at once) and shown at most once a frame's time.
  const [remoteTurns, setRemoteTurns] = useState<LiveTurn[]>([]);
  useEffect(() => {
    if (!socket) return;
    let remote: ReadonlyMap<string, LiveTurn> = new Map();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const publish = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setRemoteTurns([...remote.values()]);
      }, 16);
    };
    const ours = (messageId: string) => [...ownReplies.current].some((r) => r.messageId === messageId);
    const apply = (event: RemoteTurnEvent) => {
      const next = remoteTurnsReducer(remote, event);
      if (next === remote) return false;
      remote = next;
      publish();
      return true;
    };
    const end = (messageId: string, text?: string) => {
      if (!apply({ type: 'stream_end', messageId, text })) return;
      // A turn that ended within the replay is in the stored list already.
      const gone = () => apply({ type: 'gone', messageId });
      if (followingRef.current) void refresh().then(gone);
      else gone();
    };
    const offs = [
      socket.on('response', (f) => {
        if (f.session_id === sessionId && followingRef.current) void refresh();
      }),
      socket.on('stream_start', (f) => {
        if (f.session_id !== sessionId || ours(f.message_id)) return;
        apply({ type: 'stream_start', messageId: f.message_id, at: f.timestamp });
      }),
      socket.on('stream_chunk', (f) => {
        if (f.session_id === sessionId)
          apply({ type: 'stream_chunk', messageId: f.message_id, content: f.content });
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

  return { turns: visibleTurns(ownTurns, remoteTurns, following), send, retry };
}
