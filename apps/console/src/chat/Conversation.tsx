import type { Session } from '@cyrene/sdk';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useLayoutEffect, useRef } from 'react';
import { useApi } from '../api/client';
import { useAuth } from '../auth/auth';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { useRealtime } from '../realtime/realtime';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { Composer } from './Composer';
import { useFollowSession } from './follow';
import { LiveTurnView } from './LiveTurnView';
import { storedNotLive } from './live-turns';
import { MessageBubble } from './MessageBubble';
import { chatMessages } from './messages';
import { flattenMessages, messagesQuery } from './queries';
import { SessionActions } from './SessionActions';
import { useLiveTurns } from './turns';

/** Within this many pixels of the end the view counts as "at the bottom" and follows new text. */
const PIN_SLACK = 48;

/** One session: its history (paged back on demand), the replies streaming in, and the composer. */
export function Conversation({ session }: { session: Session }) {
  const t = useT(chatMessages);
  const api = useApi();
  const { isAdmin } = useAuth();
  const { socket, state } = useRealtime();
  const { locale } = useLocale();
  const history = useInfiniteQuery(messagesQuery(api, session.id));
  const stored = flattenMessages(history.data);
  const following = useFollowSession(isAdmin ? socket : null, session.id);
  const { turns, send, retry } = useLiveTurns({
    socket: isAdmin ? socket : null,
    sessionId: session.id,
    following,
    lastStoredId: stored.at(-1)?.id ?? 0,
    locale,
    replyFailed: t('replyFailed'),
  });
  const shown = storedNotLive(stored, turns);
  const replying = turns.some((turn) => turn.status === 'waiting' || turn.status === 'streaming');

  const { scrollRef, onScroll, pin, keepPlaceForOlder } = useScrollPin(stored[0]?.id);

  return (
    <section className="chat-conversation" aria-labelledby="chat-session-title">
      <header className="chat-conversation-header">
        <h2 id="chat-session-title" className="chat-session-heading">
          {session.title}
        </h2>
        <SessionActions session={session} />
      </header>
      {state === 'reconnecting' && (
        <p className="notice chat-banner" role="status">
          {t('reconnecting')}
        </p>
      )}
      <section
        ref={scrollRef}
        className="chat-scroll"
        onScroll={onScroll}
        aria-label={t('conversation')}
        // A scrolling region must be reachable from the keyboard.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
        tabIndex={0}
      >
        {history.hasNextPage && (
          <div className="chat-older">
            <Button
              small
              busy={history.isFetchingNextPage}
              onClick={() => {
                keepPlaceForOlder();
                void history.fetchNextPage();
              }}
            >
              {t('loadOlder')}
            </Button>
          </div>
        )}
        {history.isPending ? (
          <Loading />
        ) : history.isError ? (
          <ErrorNotice error={history.error} onRetry={() => void history.refetch()} />
        ) : (
          shown.length === 0 && turns.length === 0 && <Empty>{t('noMessages')}</Empty>
        )}
        {shown.map((m) => (
          <MessageBubble
            key={m.id}
            from={m.role}
            messageId={String(m.id)}
            text={m.content}
            at={m.created_at}
          />
        ))}
        {turns.map((turn) => (
          <LiveTurnView key={turn.key} turn={turn} onRetry={retry} />
        ))}
      </section>
      {isAdmin ? (
        <Composer
          disabled={!socket || !following || replying}
          onSend={(text) => {
            pin();
            send(text);
          }}
        />
      ) : (
        <p className="notice chat-admin-only">{t('adminOnly')}</p>
      )}
    </section>
  );
}

/**
 * Keeps the newest text in view while the reader is at the bottom, leaves them alone once they
 * scrolled up, and keeps their place when older messages are added above.
 */
function useScrollPin(firstId: number | undefined) {
  const scrollRef = useRef<HTMLElement>(null);
  const pinned = useRef(true);
  const older = useRef<{ height: number; firstId: number | undefined } | null>(null);

  // After every render: content may have grown (a chunk, a page, a finished reply).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (older.current && older.current.firstId !== firstId) {
      el.scrollTop += el.scrollHeight - older.current.height;
      older.current = null;
      return;
    }
    if (pinned.current) el.scrollTop = el.scrollHeight;
  });

  return {
    scrollRef,
    onScroll: () => {
      const el = scrollRef.current;
      if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < PIN_SLACK;
    },
    pin: () => {
      pinned.current = true;
    },
    keepPlaceForOlder: () => {
      const el = scrollRef.current;
      pinned.current = false;
      if (el) older.current = { height: el.scrollHeight, firstId };
    },
  };
}
