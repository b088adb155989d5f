import { type Scene, unwrap } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/client';
import { useT } from '../../i18n/messages';
import { Button, ConfirmButton } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Empty, Loading } from '../../ui/Loading';
import { useToast } from '../../ui/toasts';
import { automationMessages } from '../messages';
import { automationKeys, useRules, useScenes } from '../queries';
import { SceneDialog } from './SceneDialog';

/** `undefined`: no dialog; `null`: creating; a scene: editing it. */
type Editing = Scene | null | undefined;

export function ScenesPanel() {
  const t = useT(automationMessages);
  const scenes = useScenes();
  const [editing, setEditing] = useState<Editing>(undefined);
  return (
    <div className="stack">
      <div className="row">
        <Button variant="primary" onClick={() => setEditing(null)}>
          {t('newScene')}
        </Button>
      </div>
      {scenes.isPending ? (
        <Loading />
      ) : scenes.isError ? (
        <ErrorNotice error={scenes.error} onRetry={() => scenes.refetch()} />
      ) : scenes.data.length === 0 ? (
        <Empty>{t('scenesEmpty')}</Empty>
      ) : (
        <ul className="grid automation-scenes">
          {scenes.data.map((scene) => (
            <li key={scene.id}>
              <SceneCard scene={scene} onEdit={() => setEditing(scene)} />
            </li>
          ))}
        </ul>
      )}
      <SceneDialog
        key={editing === undefined ? 'closed' : (editing?.id ?? 'new')}
        open={editing !== undefined}
        scene={editing ?? undefined}
        onClose={() => setEditing(undefined)}
      />
    </div>
  );
}

function SceneCard({ scene, onEdit }: { scene: Scene; onEdit: () => void }) {
  const t = useT(automationMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const rules = useRules();
  const names = scene.rule_ids.map((id) => rules.data?.find((rule) => rule.id === id)?.name ?? id);
  const execute = useMutation({
    mutationFn: async () => unwrap(await api.rest.automation.executeScene({ params: { id: scene.id } }), 200),
    onSuccess: (body) => {
      toast({ title: body.message, kind: 'success' });
      queryClient.invalidateQueries({ queryKey: automationKeys.everyRun });
    },
  });
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.rest.automation.deleteScene({ params: { id: scene.id } }), 200),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: automationKeys.scenes }),
  });
  return (
    <article className="card stack automation-scene" aria-label={scene.name}>
      <h3 className="automation-scene-title">
        {scene.icon && <span aria-hidden="true">{scene.icon}</span>} {scene.name}
      </h3>
      <p className="muted automation-small">
        {t('sceneRuleCount', { n: scene.rule_ids.length })}
        {names.length > 0 && `: ${names.join(' → ')}`}
      </p>
      <div className="row">
        <Button
          variant="primary"
          small
          busy={execute.isPending}
          aria-label={t('executeScene', { name: scene.name })}
          onClick={() => execute.mutate()}
        >
          {t('execute')}
        </Button>
        <Button small onClick={onEdit}>
          {t('edit')}
        </Button>
        <ConfirmButton small busy={remove.isPending} onConfirm={() => remove.mutate()}>
          {t('delete')}
        </ConfirmButton>
      </div>
      <ErrorNotice error={execute.error ?? remove.error} />
    </article>
  );
}
