import { unwrap } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { useT } from '../../i18n/messages';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import { adminKeys } from '../query-keys';
import { sessionsMessages } from './messages';
import { REFRESH_MS } from './refresh';

/** One session as the gateway sees it now (404 once its last connection closed). */
export function SessionDetails({ id }: { id: string }) {
  const t = useT(sessionsMessages);
  const { locale } = useLocale();
  const api = useApi();
  const session = useQuery({
    queryKey: adminKeys.session(id),
    queryFn: async () => unwrap(await api.rest.admin.getSessionState({ params: { id } }), 200),
    refetchInterval: REFRESH_MS,
    retry: false,
  });
  if (session.isPending) return <Loading lines={6} />;
  if (session.error) return <ErrorNotice error={session.error} onRetry={() => session.refetch()} />;
  const s = session.data;
  const rows: [string, string][] = [
    [t('session'), s.session_id],
    [t('user'), s.user_id],
    [t('client'), s.client_id || t('noClient')],
    [t('device'), s.device_name || '—'],
    [t('userAgent'), s.user_agent || '—'],
    [t('connectedAt'), formatDateTime(s.connected_at, locale)],
    [t('lastActivity'), formatDateTime(s.last_activity, locale)],
    [t('messages'), String(s.message_count)],
    [t('connections'), String(s.connections)],
    [t('instance'), s.instance_id],
  ];
  return (
    <dl className="admin-details">
      {rows.map(([label, value]) => (
        <div key={label} className="admin-details-row">
          <dt>{label}</dt>
          <dd className="admin-break">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
