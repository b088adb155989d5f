import { type SystemStatus, unwrap } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { useT } from '../../i18n/messages';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Empty, Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import '../admin.css';
import { adminKeys } from '../query-keys';
import { REFRESH_MS } from '../sessions/refresh';
import { systemMessages } from './messages';

export function SystemPage() {
  const t = useT(systemMessages);
  const api = useApi();
  const system = useQuery({
    queryKey: adminKeys.system,
    queryFn: async () => unwrap(await api.rest.admin.getSystemStatus(), 200),
    refetchInterval: REFRESH_MS,
  });
  return (
    <section className="stack admin-page">
      <PageHeader title={t('title')}>
        <p>{t('subtitle')}</p>
      </PageHeader>
      {system.isPending ? (
        <Loading />
      ) : system.error ? (
        <ErrorNotice error={system.error} onRetry={() => system.refetch()} />
      ) : (
        <>
          <Summary status={system.data} />
          <Instances status={system.data} />
          <RecentErrors status={system.data} />
        </>
      )}
    </section>
  );
}

function Summary({ status }: { status: SystemStatus }) {
  const t = useT(systemMessages);
  const figures: Array<[string, string]> = [
    [t('instances'), String(status.instances.length)],
    [t('connectionsTotal'), String(status.websocket_connections)],
    [t('jobsDue'), String(status.jobs.due)],
    [t('jobLag'), t('seconds', { value: status.jobs.lag_seconds.toFixed(1) })],
  ];
  return (
    <div className="stack">
      <dl className="card admin-figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <ul className="muted" aria-label={t('telemetry')}>
        <li>{status.telemetry.metrics ? t('metricsOn') : t('metricsOff')}</li>
        <li>{status.telemetry.tracing ? t('tracingOn') : t('tracingOff')}</li>
      </ul>
    </div>
  );
}

function Instances({ status }: { status: SystemStatus }) {
  const t = useT(systemMessages);
  const { locale } = useLocale();
  return (
    <section className="stack" aria-label={t('instances')}>
      <h2>
        {t('instances')}{' '}
        <span className="badge">{t('instancesCount', { count: status.instances.length })}</span>
      </h2>
      <div className="table-wrap card admin-table-card">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('instance')}</th>
              <th scope="col">{t('heartbeat')}</th>
              <th scope="col">{t('connections')}</th>
            </tr>
          </thead>
          <tbody>
            {status.instances.map((instance) => (
              <tr key={instance.instance_id} aria-label={instance.instance_id}>
                <th scope="row">
                  <code className="admin-break">{instance.instance_id}</code>
                  {instance.current && <span className="badge">{t('thisInstance')}</span>}
                </th>
                <td>{formatDateTime(instance.heartbeat_at, locale)}</td>
                <td>{instance.websocket_connections}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RecentErrors({ status }: { status: SystemStatus }) {
  const t = useT(systemMessages);
  const { locale } = useLocale();
  return (
    <section className="stack" aria-label={t('errors')}>
      <h2>{t('errors')}</h2>
      <p className="muted">{t('errorsNote')}</p>
      {status.recent_errors.length === 0 ? (
        <Empty>{t('noErrors')}</Empty>
      ) : (
        <div className="table-wrap card admin-table-card">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('route')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('count')}</th>
                <th scope="col">{t('lastAt')}</th>
              </tr>
            </thead>
            <tbody>
              {status.recent_errors.map((e) => (
                <tr
                  key={`${e.method} ${e.route} ${e.status}`}
                  aria-label={`${e.method} ${e.route} ${e.status}`}
                >
                  <th scope="row">
                    <code className="admin-break">
                      {e.method} {e.route}
                    </code>
                  </th>
                  <td>{e.status}</td>
                  <td>{e.count}</td>
                  <td>{formatDateTime(e.last_at, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
