import { unwrap } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../../api/client';
import { useT } from '../../i18n/messages';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { Empty, Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import '../admin.css';
import { adminKeys } from '../query-keys';
import { REFRESH_MS } from '../sessions/refresh';
import { ClientRow } from './ClientRow';
import { clientsMessages } from './messages';

export function ClientsPage() {
  const t = useT(clientsMessages);
  const api = useApi();
  const [typed, setTyped] = useState('');
  const [userId, setUserId] = useState('');
  const clients = useQuery({
    queryKey: adminKeys.clients(userId),
    queryFn: async () =>
      unwrap(await api.rest.admin.listClients({ query: userId ? { user_id: userId } : {} }), 200),
    // Whether a client is online changes by itself; the list follows it.
    refetchInterval: REFRESH_MS,
  });
  const onFilter = (e: FormEvent) => {
    e.preventDefault();
    setUserId(typed.trim());
  };

  return (
    <section className="stack admin-page">
      <PageHeader title={t('title')}>
        <p>{t('subtitle')}</p>
      </PageHeader>
      <form className="row admin-filter" onSubmit={onFilter}>
        <Field label={t('filterUser')} hint={t('filterHint')}>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} />
        </Field>
        <Button type="submit">{t('filter')}</Button>
        {userId && (
          <Button
            variant="ghost"
            onClick={() => {
              setTyped('');
              setUserId('');
            }}
          >
            {t('clearFilter')}
          </Button>
        )}
      </form>
      {clients.isPending ? (
        <Loading />
      ) : clients.error ? (
        <ErrorNotice error={clients.error} onRetry={() => clients.refetch()} />
      ) : clients.data.clients.length === 0 ? (
        <Empty>{userId ? t('noneForUser', { user: userId }) : t('none')}</Empty>
      ) : (
        <>
          <p className="muted">{t('total', { count: clients.data.total })}</p>
          <div className="table-wrap card admin-table-card">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('client')}</th>
                  <th scope="col">{t('user')}</th>
                  <th scope="col">{t('device')}</th>
                  <th scope="col">{t('lastSeen')}</th>
                  <th scope="col">{t('note')}</th>
                </tr>
              </thead>
              <tbody>
                {clients.data.clients.map((client) => (
                  <ClientRow key={client.client_id} client={client} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
