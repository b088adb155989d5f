import { type ModelProvider, unwrap } from '@cyrene/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/client';
import { useT } from '../../i18n/messages';
import { Button, ConfirmButton } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Empty, Loading } from '../../ui/Loading';
import { useToast } from '../../ui/toasts';
import { adminKeys } from '../query-keys';
import { FetchModelsDialog } from './FetchModelsDialog';
import { HealthResult, useHealthCheck } from './HealthCheck';
import { modelsMessages } from './messages';
import { ProviderForm } from './ProviderForm';

/** What the provider dialog is for: a new provider, or editing one. */
type Editing = { kind: 'new' } | { kind: 'edit'; provider: ModelProvider } | null;

export function useProviders() {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.providers,
    queryFn: async () => unwrap(await api.rest.admin.listModelProviders(), 200),
  });
}

export function ProvidersSection({
  onAddModel,
}: {
  onAddModel: (provider: string, remoteId: string) => void;
}) {
  const t = useT(modelsMessages);
  const providers = useProviders();
  const [editing, setEditing] = useState<Editing>(null);
  const [fetching, setFetching] = useState<ModelProvider | null>(null);

  return (
    <section className="stack" aria-labelledby="admin-providers-heading">
      <div className="row admin-section-head">
        <h2 id="admin-providers-heading">{t('providers')}</h2>
        <Button variant="primary" onClick={() => setEditing({ kind: 'new' })}>
          {t('addProvider')}
        </Button>
      </div>
      {providers.isPending ? (
        <Loading />
      ) : providers.error ? (
        <ErrorNotice error={providers.error} onRetry={() => providers.refetch()} />
      ) : providers.data.providers.length === 0 ? (
        <Empty>{t('noProviders')}</Empty>
      ) : (
        <ul className="list">
          {providers.data.providers.map((provider) => (
            <ProviderItem
              key={provider.name}
              provider={provider}
              onEdit={() => setEditing({ kind: 'edit', provider })}
              onFetch={() => setFetching(provider)}
            />
          ))}
        </ul>
      )}
      <Dialog
        open={editing !== null}
        title={
          editing?.kind === 'edit' ? t('editProvider', { name: editing.provider.name }) : t('newProvider')
        }
        onClose={() => setEditing(null)}
      >
        {editing && (
          <ProviderForm
            existing={editing.kind === 'edit' ? editing.provider : undefined}
            onDone={() => setEditing(null)}
          />
        )}
      </Dialog>
      <FetchModelsDialog
        provider={fetching}
        onClose={() => setFetching(null)}
        onAdd={(remoteId) => {
          if (!fetching) return;
          const provider = fetching.name;
          setFetching(null);
          onAddModel(provider, remoteId);
        }}
      />
    </section>
  );
}

function ProviderItem({
  provider,
  onEdit,
  onFetch,
}: {
  provider: ModelProvider;
  onEdit: () => void;
  onFetch: () => void;
}) {
  const t = useT(modelsMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const check = useHealthCheck(provider.name);
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(await api.rest.admin.deleteModelProvider({ params: { name: provider.name } }), 200),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.providers });
      toast({ title: t('deleted', { name: provider.name }), kind: 'success' });
    },
  });

  return (
    <li className="card stack admin-provider" aria-label={provider.name}>
      <div className="admin-provider-head">
        <strong className="admin-provider-name">{provider.name}</strong>
        <code className="admin-break">{provider.base_url}</code>
        <span className="muted">
          {t('apiKey')}: <code>{provider.api_key || t('apiKeyNone')}</code>
        </span>
      </div>
      <div className="row">
        <Button small onClick={onEdit} aria-label={t('editNamed', { name: provider.name })}>
          {t('edit')}
        </Button>
        <Button
          small
          busy={check.isPending}
          onClick={() => check.mutate()}
          aria-label={t('healthCheckNamed', { name: provider.name })}
        >
          {t('healthCheck')}
        </Button>
        <Button small onClick={onFetch} aria-label={t('fetchModelsNamed', { name: provider.name })}>
          {t('fetchModels')}
        </Button>
        <ConfirmButton small busy={remove.isPending} onConfirm={() => remove.mutate()}>
          {t('delete')}
        </ConfirmButton>
      </div>
      {check.data && <HealthResult result={check.data} />}
      <ErrorNotice error={check.error} />
      <ErrorNotice error={remove.error} />
    </li>
  );
}
