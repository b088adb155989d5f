import type { Session } from '@cyrene/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { useApi } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { chatMessages } from './messages';
import { chatKeys, createSession, sessionsQuery } from './queries';

/** The caller's sessions, newest activity first; on a phone a panel that folds away. */
export function SessionList({ selectedId }: { selectedId: string | undefined }) {
  const t = useT(chatMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery(sessionsQuery(api));
  const [open, setOpen] = useState(selectedId === undefined);
  // Picking a session folds the list away on a phone (with none picked it stays open).
  useEffect(() => setOpen(selectedId === undefined), [selectedId]);

  const create = useMutation({
    mutationFn: () => createSession(api),
    onSuccess: async (session) => {
      await queryClient.invalidateQueries({ queryKey: chatKeys.sessions });
      void navigate(`/chat/${encodeURIComponent(session.id)}`);
    },
  });

  return (
    <aside className={open ? 'chat-sessions chat-sessions-open' : 'chat-sessions'} aria-label={t('sessions')}>
      <PageHeader
        title={t('title')}
        actions={
          <>
            <Button
              small
              className="chat-sessions-toggle"
              aria-expanded={open}
              aria-controls="chat-session-list"
              onClick={() => setOpen((o) => !o)}
            >
              {open ? t('hideSessions') : t('showSessions')}
            </Button>
            <Button small variant="primary" busy={create.isPending} onClick={() => create.mutate()}>
              {t('newSession')}
            </Button>
          </>
        }
      />
      <ErrorNotice error={create.error} />
      <div id="chat-session-list" className="chat-sessions-body">
        {sessions.isPending ? (
          <Loading />
        ) : sessions.isError ? (
          <ErrorNotice error={sessions.error} onRetry={() => void sessions.refetch()} />
        ) : sessions.data.length === 0 ? (
          <Empty>{t('noSessions')}</Empty>
        ) : (
          <ul className="list chat-session-items">
            {sessions.data.map((s) => (
              <SessionLink key={s.id} session={s} onPick={() => setOpen(false)} />
            ))}
          </ul>
        )}
      </div>
    </aside>
  );
}

function SessionLink({ session, onPick }: { session: Session; onPick: () => void }) {
  const { locale } = useLocale();
  return (
    <li>
      <NavLink
        to={`/chat/${encodeURIComponent(session.id)}`}
        onClick={onPick}
        className={({ isActive }) => (isActive ? 'chat-session-link active' : 'chat-session-link')}
      >
        <span className="chat-session-title">{session.title}</span>
        <time className="chat-session-time" dateTime={new Date(session.updated_at).toISOString()}>
          {formatDateTime(session.updated_at, locale)}
        </time>
      </NavLink>
    </li>
  );
}
