import { CreateSceneBodySchema, type Scene, UpdateSceneBodySchema, unwrap } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../../api/client';
import { useT } from '../../i18n/messages';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { Empty, Loading } from '../../ui/Loading';
import { useToast } from '../../ui/toasts';
import { automationMessages } from '../messages';
import { automationKeys, useRules } from '../queries';
import { errorAt, type FieldErrors, fieldErrors, NO_ERRORS } from '../rule-form/errors';
import { hintWithError } from '../rule-form/FieldError';

interface SceneDraft {
  name: string;
  icon: string;
  rule_ids: string[];
}

/** Creates a scene (`scene` absent) or edits one: name, icon, and the rules it runs in order. */
export function SceneDialog({ scene, open, onClose }: { scene?: Scene; open: boolean; onClose: () => void }) {
  const t = useT(automationMessages);
  return (
    <Dialog open={open} title={scene ? t('editScene') : t('newScene')} onClose={onClose}>
      <SceneForm scene={scene} onDone={onClose} />
    </Dialog>
  );
}

function SceneForm({ scene, onDone }: { scene?: Scene; onDone: () => void }) {
  const t = useT(automationMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const rules = useRules();
  const [draft, setDraft] = useState<SceneDraft>({
    name: scene?.name ?? '',
    icon: scene?.icon ?? '',
    rule_ids: scene?.rule_ids ?? [],
  });
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const save = useMutation({
    mutationFn: async (body: SceneDraft) =>
      scene
        ? unwrap(await api.rest.automation.updateScene({ params: { id: scene.id }, body }), 200)
        : unwrap(await api.rest.automation.createScene({ body }), 201),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: automationKeys.scenes });
      toast({ title: t('sceneSaved'), kind: 'success' });
      onDone();
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = (scene ? UpdateSceneBodySchema : CreateSceneBodySchema).safeParse(draft);
    if (!checked.success) return setErrors(fieldErrors(checked.error.issues));
    setErrors(NO_ERRORS);
    save.mutate(draft);
  };

  // Ticking appends, so the scene runs its rules in the order they were ticked.
  const toggleRule = (id: string, on: boolean) =>
    setDraft((d) => ({ ...d, rule_ids: on ? [...d.rule_ids, id] : d.rule_ids.filter((r) => r !== id) }));

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <Field label={t('name')} hint={hintWithError(undefined, errorAt(errors, 'name'))}>
        <input
          required
          maxLength={100}
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
      </Field>
      <Field label={t('icon')} hint={hintWithError(t('iconHint'), errorAt(errors, 'icon'))}>
        <input
          maxLength={32}
          value={draft.icon}
          onChange={(e) => setDraft({ ...draft, icon: e.target.value })}
        />
      </Field>
      <fieldset className="automation-fieldset stack">
        <legend>{t('sceneRules')}</legend>
        <p className="muted automation-legend-hint">{t('sceneRulesHint')}</p>
        {rules.isPending ? (
          <Loading lines={2} />
        ) : rules.isError ? (
          <ErrorNotice error={rules.error} onRetry={() => rules.refetch()} />
        ) : rules.data.length === 0 ? (
          <Empty>{t('noRulesForScene')}</Empty>
        ) : (
          <ul className="list automation-scene-rules">
            {rules.data.map((rule) => {
              const position = draft.rule_ids.indexOf(rule.id);
              return (
                <li key={rule.id}>
                  <label className="automation-check">
                    <input
                      type="checkbox"
                      checked={position >= 0}
                      onChange={(e) => toggleRule(rule.id, e.target.checked)}
                    />
                    {rule.name}
                    {position >= 0 && <span className="badge badge-accent">{position + 1}</span>}
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        {errorAt(errors, 'rule_ids') && (
          <p className="automation-field-error">{errorAt(errors, 'rule_ids')}</p>
        )}
      </fieldset>
      <ErrorNotice error={save.error} />
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {t('save')}
        </Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </div>
    </form>
  );
}
