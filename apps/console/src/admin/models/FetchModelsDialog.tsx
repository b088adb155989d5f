import { type ModelProvider, unwrap } from '@cyrene/sdk';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../../api/client';
import { useT } from '../../i18n/messages';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { Empty } from '../../ui/Loading';
import { modelsMessages } from './messages';

/** The provider's own model list, fetched by the gateway with the stored key. */
export function FetchModelsDialog({
  provider,
  onClose,
  onAdd,
}: {
  provider: ModelProvider | null;
  onClose: () => void;
  onAdd: (remoteId: string) => void;
}) {
  const t = useT(modelsMessages);
  return (
    <Dialog
      open={provider !== null}
      title={provider ? t('fetchModelsTitle', { name: provider.name }) : ''}
      onClose={onClose}
    >
      {provider && <RemoteModels provider={provider} onAdd={onAdd} />}
    </Dialog>
  );
}

/** OpenAI's list lives at {base_url}/models, which is what most providers follow. */
function defaultModelsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/models`;
}

function RemoteModels({ provider, onAdd }: { provider: ModelProvider; onAdd: (remoteId: string) => void }) {
  const t = useT(modelsMessages);
  const api = useApi();
  const [url, setUrl] = useState(() => defaultModelsUrl(provider.base_url));
  const fetchModels = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.rest.admin.fetchProviderModels({ params: { name: provider.name }, query: { url } }),
        200,
      ),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    fetchModels.mutate();
  };
  const models = fetchModels.data?.models;

  return (
    <div className="stack">
      <form className="stack" onSubmit={onSubmit}>
        <Field label={t('modelsUrl')} hint={t('modelsUrlHint')}>
          <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        </Field>
        <div className="row">
          <Button type="submit" variant="primary" busy={fetchModels.isPending}>
            {t('fetch')}
          </Button>
        </div>
      </form>
      <ErrorNotice error={fetchModels.error} />
      {models && models.length === 0 && <Empty>{t('noRemoteModels')}</Empty>}
      {models && models.length > 0 && (
        <>
          <p className="muted">{t('remoteCount', { count: models.length })}</p>
          <ul className="list admin-remote-models">
            {models.map((model) => (
              <li key={model.id} className="row admin-remote-model">
                <code className="admin-break">{model.id}</code>
                {model.owned_by && <span className="muted">{t('ownedBy', { owner: model.owned_by })}</span>}
                <Button
                  small
                  onClick={() => onAdd(model.id)}
                  aria-label={t('addAsModelNamed', { id: model.id })}
                >
                  {t('addAsModel')}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
