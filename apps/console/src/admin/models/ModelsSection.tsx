import { type ModelConfig, unwrap } from '@cyrene/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/client';
import { useT } from '../../i18n/messages';
import { Button, ConfirmButton } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Empty, Loading } from '../../ui/Loading';
import { useToast } from '../../ui/toasts';
import { adminKeys } from '../query-keys';
import { modelsMessages } from './messages';
import { bodyOfModel } from './model-draft';

export function useModels() {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.models,
    queryFn: async () => unwrap(await api.rest.admin.listModelConfigs(), 200),
  });
}

export function ModelsSection({
  providerCount,
  onAdd,
  onEdit,
}: {
  /** How many providers there are; undefined while they load. */
  providerCount: number | undefined;
  onAdd: () => void;
  onEdit: (model: ModelConfig) => void;
}) {
  const t = useT(modelsMessages);
  const models = useModels();
  const canAdd = providerCount !== undefined && providerCount > 0;
  return (
    <section className="stack" aria-labelledby="admin-models-heading">
      <div className="row admin-section-head">
        <h2 id="admin-models-heading">{t('models')}</h2>
        <Button variant="primary" onClick={onAdd} disabled={!canAdd}>
          {t('addModel')}
        </Button>
      </div>
      {providerCount === 0 && <p className="muted">{t('needProvider')}</p>}
      {models.isPending ? (
        <Loading />
      ) : models.error ? (
        <ErrorNotice error={models.error} onRetry={() => models.refetch()} />
      ) : models.data.models.length === 0 ? (
        <Empty>{t('noModels')}</Empty>
      ) : (
        <div className="table-wrap card admin-table-card">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('id')}</th>
                <th scope="col">{t('modelName')}</th>
                <th scope="col">{t('provider')}</th>
                <th scope="col">{t('priority')}</th>
                <th scope="col">{t('tags')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('params')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {models.data.models.map((model) => (
                <ModelRow key={model.id} model={model} onEdit={() => onEdit(model)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ModelRow({ model, onEdit }: { model: ModelConfig; onEdit: () => void }) {
  const t = useT(modelsMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminKeys.models }),
      // Disabling or deleting a model changes the routing chains that use it.
      queryClient.invalidateQueries({ queryKey: adminKeys.routing }),
    ]);
  const toggle = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.rest.admin.saveModelConfig({
          params: { id: model.id },
          body: bodyOfModel(model, !model.enabled),
        }),
        200,
      ),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.rest.admin.deleteModelConfig({ params: { id: model.id } }), 200),
    onSuccess: async () => {
      await refresh();
      toast({ title: t('deleted', { name: model.id }), kind: 'success' });
    },
  });
  const params = Object.keys(model.params).length === 0 ? null : JSON.stringify(model.params);

  return (
    <tr aria-label={model.id}>
      <th scope="row">
        <code>{model.id}</code>
        {model.description && <div className="muted admin-small">{model.description}</div>}
      </th>
      <td className="admin-break">{model.name}</td>
      <td>{model.provider}</td>
      <td>{model.priority}</td>
      <td>
        <span className="row admin-tags">
          {model.tags.map((tag) => (
            <span key={tag} className="badge">
              {tag}
            </span>
          ))}
        </span>
      </td>
      <td>
        <span className={`badge ${model.enabled ? 'badge-success' : 'badge-danger'}`}>
          {model.enabled ? t('on') : t('off')}
        </span>
      </td>
      <td>
        {params ? <code className="admin-break">{params}</code> : <span className="muted">{t('none')}</span>}
      </td>
      <td>
        <div className="row admin-actions">
          <Button small onClick={onEdit} aria-label={t('editNamed', { name: model.id })}>
            {t('edit')}
          </Button>
          <Button
            small
            busy={toggle.isPending}
            onClick={() => toggle.mutate()}
            aria-label={t(model.enabled ? 'disableNamed' : 'enableNamed', { name: model.id })}
          >
            {model.enabled ? t('disable') : t('enable')}
          </Button>
          <ConfirmButton small busy={remove.isPending} onConfirm={() => remove.mutate()}>
            {t('delete')}
          </ConfirmButton>
        </div>
        <ErrorNotice error={toggle.error ?? remove.error} />
      </td>
    </tr>
  );
}
