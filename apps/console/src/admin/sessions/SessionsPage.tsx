import { type SessionState, unwrap } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { useT } from '../../i18n/messages';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Empty, Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import '../admin.css';
import { adminKeys } from '../query-keys';
import { sessionsMessages } from './messages';
import { REFRESH_MS } from './refresh';
import { SessionDetails } from './SessionDetails';

type View = 'all' | 'byUser';

export function SessionsPage() {
  const t = useT(sessionsMessages);
  const [view, setView] = useState<View>('all');
  const [shown, setShown] = useState<string | null>(null);

  return (
    <section className="stack admin-page">
      <PageHeader title={t('title')}>
        <p>{t('subtitle')}</p>
      </PageHeader>
      <fieldset className="row admin-view-switch">
        <legend className="visually-hidden">{t('view')}</legend>
        <label className="row">
          <input type="radio" name="sessions-view" checked={view === 'all'} onChange={() => setView('all')} />
          {t('all')}
        </label>
        <label className="row">
          <input
            type="radio"
            name="sessions-view"
            checked={view === 'byUser'}
            onChange={() => setView('byUser')}
          />
          {t('byUser')}
        </label>
      </fieldset>
      {view === 'all' ? <AllSessions onShow={setShown} /> : <SessionsByUser onShow={setShown} />}
      <Dialog
        open={shown !== null}
        title={t('detailsOf', { id: shown ?? '' })}
        onClose={() => setShown(null)}
      >
        {shown && <SessionDetails id={shown} />}
      </Dialog>
    </section>
  );
}

function AllSessions({ onShow }: { onShow: (id: string) => void }) {
  const t = useT(sessionsMessages);
  const api = useApi();
  const sessions = useQuery({
    queryKey: adminKeys.sessions,
    queryFn: async () => unwrap(await api.rest.admin.listSessionStates(), 200),
    refetchInterval: REFRESH_MS,
  });
  if (sessions.isPending) return <Loading />;
  if (sessions.error) return <ErrorNotice error={sessions.error} onRetry={() => sessions.refetch()} />;
  if (sessions.data.sessions.length === 0) return <Empty>{t('none')}</Empty>;
  return (
    <>
      <p className="muted">{t('total', { count: sessions.data.total })}</p>
      <SessionTable sessions={sessions.data.sessions} onShow={onShow} />
    </>
  );
}

function SessionsByUser({ onShow }: { onShow: (id: string) => void }) {
  const t = useT(sessionsMessages);
  const api = useApi();
  const grouped = useQuery({
    queryKey: adminKeys.sessionsByUser,
    queryFn: async () => unwrap(await api.rest.admin.listActiveSessionsByUser(), 200),
    refetchInterval: REFRESH_MS,
  });
  if (grouped.isPending) return <Loading />;
  if (grouped.error) return <ErrorNotice error={grouped.error} onRetry={() => grouped.refetch()} />;
  const users = Object.entries(grouped.data.users).sort(([a], [b]) => a.localeCompare(b));
  if (users.length === 0) return <Empty>{t('none')}</Empty>;
  return (
    <div className="stack">
      {users.map(([userId, sessions]) => (
        <section key={userId} className="stack" aria-label={userId}>
          <h2>
            {userId} <span className="badge">{sessions.length}</span>
          </h2>
          <SessionTable sessions={sessions} onShow={onShow} />
        </section>
      ))}
    </div>
  );
}

function SessionTable({ sessions, onShow }: { sessions: SessionState[]; onShow: (id: string) => void }) {
  const t = useT(sessionsMessages);
  const { locale } = useLocale();
  return (
    <div className="table-wrap card admin-table-card">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('session')}</th>
            <th scope="col">{t('user')}</th>
            <th scope="col">{t('device')}</th>
            <th scope="col">{t('lastActivity')}</th>
            <th scope="col">{t('messages')}</th>
            <th scope="col">{t('connections')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('details')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.session_id} aria-label={session.session_id}>
              <th scope="row">
                <code className="admin-break">{session.session_id}</code>
              </th>
              <td>{session.user_id}</td>
              <td>{session.device_name || '—'}</td>
              <td>{formatDateTime(session.last_activity, locale)}</td>
              <td>{session.message_count}</td>
              <td>{session.connections}</td>
              <td>
                <Button
                  small
                  onClick={() => onShow(session.session_id)}
                  aria-label={t('detailsOf', { id: session.session_id })}
                >
                  {t('details')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
