import { unwrap } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useApi } from '../../api/client';
import { type Translate, useT } from '../../i18n/messages';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { useToast } from '../../ui/toasts';
import { adminKeys } from '../query-keys';
import { modelsMessages } from './messages';
import { bodyOf, type ModelDraft, type ParamsCheck, parseParams } from './model-draft';

/** Creates a model, or edits one (`editing`: the id is then fixed). */
export function ModelForm({
  initial,
  editing,
  providers,
  onDone,
}: {
  initial: ModelDraft;
  editing: boolean;
  providers: string[];
  onDone: () => void;
}) {
  const t = useT(modelsMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const paramsErrorId = useId();
  const [draft, setDraft] = useState(initial);
  const set =
    <K extends keyof ModelDraft>(key: K) =>
    (value: ModelDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const params = parseParams(draft.params);

  const save = useMutation({
    mutationFn: async (value: Record<string, unknown>) =>
      unwrap(
        await api.rest.admin.saveModelConfig({ params: { id: draft.id.trim() }, body: bodyOf(draft, value) }),
        200,
      ),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.models });
      toast({ title: t('saved', { name: saved.id }), kind: 'success' });
      onDone();
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (params.ok) save.mutate(params.value);
  };

  return (
    <form className="stack" onSubmit={onSubmit}>
      <Field label={t('id')} hint={editing ? undefined : t('idHint')}>
        <input
          required
          readOnly={editing}
          pattern="[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}"
          value={draft.id}
          onChange={(e) => set('id')(e.target.value)}
        />
      </Field>
      <Field label={t('modelName')} hint={t('modelNameHint')}>
        <input value={draft.name} onChange={(e) => set('name')(e.target.value)} />
      </Field>
      <Field label={t('provider')}>
        <select required value={draft.provider} onChange={(e) => set('provider')(e.target.value)}>
          <option value="" disabled>
            —
          </option>
          {providers.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('description')}>
        <input value={draft.description} onChange={(e) => set('description')(e.target.value)} />
      </Field>
      <div className="admin-form-pair">
        <Field label={t('priority')} hint={t('priorityHint')}>
          <input
            type="number"
            step={1}
            required
            value={draft.priority}
            onChange={(e) => set('priority')(e.target.value)}
          />
        </Field>
        <Field label={t('tags')} hint={t('tagsHint')}>
          <input value={draft.tags} onChange={(e) => set('tags')(e.target.value)} />
        </Field>
      </div>
      <div>
        <Field label={t('params')} hint={t('paramsHint')}>
          <textarea
            className="admin-json"
            spellCheck={false}
            aria-invalid={!params.ok}
            aria-errormessage={params.ok ? undefined : paramsErrorId}
            value={draft.params}
            onChange={(e) => set('params')(e.target.value)}
          />
        </Field>
        {!params.ok && (
          <p id={paramsErrorId} className="admin-field-error" role="alert">
            {paramsProblem(params, t)}
          </p>
        )}
      </div>
      <label className="row">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled')(e.target.checked)} />
        {t('enabled')}
      </label>
      <ErrorNotice error={save.error} />
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending} disabled={!params.ok}>
          {t('save')}
        </Button>
      </div>
    </form>
  );
}

function paramsProblem(
  check: Exclude<ParamsCheck, { ok: true }>,
  t: Translate<keyof (typeof modelsMessages)['zh']>,
): string {
  return check.reason === 'invalid' ? t('paramsInvalid', { reason: check.detail }) : t('paramsNotObject');
}
