import { ROUTING_PURPOSES, unwrap } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/client';
import { useT } from '../../i18n/messages';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import '../admin.css';
import { useModels } from '../models/ModelsSection';
import { adminKeys } from '../query-keys';
import { routingMessages } from './messages';
import { RuleEditor } from './RuleEditor';

export function RoutingPage() {
  const t = useT(routingMessages);
  const api = useApi();
  const rules = useQuery({
    queryKey: adminKeys.routing,
    queryFn: async () => unwrap(await api.rest.admin.listModelRoutingRules(), 200),
  });
  const models = useModels();
  const pending = rules.isPending || models.isPending;
  const error = rules.error ?? models.error;

  return (
    <section className="stack admin-page">
      <PageHeader title={t('title')}>
        <p>{t('subtitle')}</p>
      </PageHeader>
      {pending ? (
        <Loading lines={6} />
      ) : error || !rules.data || !models.data ? (
        <ErrorNotice
          error={error}
          onRetry={() => {
            rules.refetch();
            models.refetch();
          }}
        />
      ) : (
        <div className="admin-rules">
          {ROUTING_PURPOSES.map((purpose) => (
            <RuleEditor
              key={`${purpose}-${rules.data.rules.find((rule) => rule.purpose === purpose)?.updated_at ?? 'none'}`}
              purpose={purpose}
              rule={rules.data.rules.find((rule) => rule.purpose === purpose)}
              models={models.data.models}
            />
          ))}
        </div>
      )}
    </section>
  );
}
