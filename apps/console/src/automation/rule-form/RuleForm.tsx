import { RULE_RUN_MODES } from '@cyrene/sdk';
import { type FormEvent, useState } from 'react';
import { useLocale } from '../../i18n/locale';
import { useT } from '../../i18n/messages';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { RUN_MODE_LABELS } from '../labels';
import { automationMessages } from '../messages';
import { ActionsEditor } from './ActionsEditor';
import { ConditionsEditor } from './ConditionsEditor';
import { type RuleBody, type RuleDraft, toRuleBody } from './draft';
import { errorAt, type FieldErrors, fieldErrors, NO_ERRORS } from './errors';
import { hintWithError } from './FieldError';
import { TriggerFields } from './TriggerFields';

/** The contract schema the body is checked with before it is sent (create or update). */
export interface BodySchema {
  safeParse(
    body: unknown,
  ):
    | { success: true }
    | { success: false; error: { issues: { path: (string | number)[]; message: string }[] } };
}

/**
 * Creates or edits a rule. The contract's schema checks the body first (its messages land next to
 * the fields, and nothing is sent); what the gateway still refuses is shown as it answered.
 */
export function RuleForm({
  initial,
  schema,
  submitLabel,
  busy,
  error,
  onSubmit,
}: {
  initial: RuleDraft;
  schema: BodySchema;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (body: RuleBody) => void;
}) {
  const t = useT(automationMessages);
  const { locale } = useLocale();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = toRuleBody(draft);
    const checked = schema.safeParse(body);
    if (!checked.success) {
      setErrors(fieldErrors(checked.error.issues));
      return;
    }
    setErrors(NO_ERRORS);
    onSubmit(body);
  };

  return (
    // noValidate: the contract's schema is the one check, with its own messages beside the fields.
    <form className="stack automation-form" onSubmit={submit} noValidate>
      <fieldset className="automation-fieldset stack">
        <legend>{t('basics')}</legend>
        <Field label={t('name')} hint={hintWithError(undefined, errorAt(errors, 'name'))}>
          <input
            required
            maxLength={100}
            value={draft.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        </Field>
        <Field label={t('description')} hint={hintWithError(undefined, errorAt(errors, 'description'))}>
          <textarea value={draft.description} onChange={(e) => set({ description: e.target.value })} />
        </Field>
        <label className="automation-check">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          {t('enabled')}
        </label>
      </fieldset>
      <TriggerFields
        type={draft.triggerType}
        triggers={draft.triggers}
        errors={errors}
        onType={(triggerType) => set({ triggerType })}
        onTriggers={(triggers) => set({ triggers })}
      />
      <ConditionsEditor
        rows={draft.conditions}
        errors={errors}
        onChange={(conditions) => set({ conditions })}
      />
      <ActionsEditor steps={draft.steps} errors={errors} onChange={(steps) => set({ steps })} />
      <fieldset className="automation-fieldset automation-fields">
        <Field label={t('runMode')} hint={hintWithError(undefined, errorAt(errors, 'actions.mode'))}>
          <select
            value={draft.mode}
            onChange={(e) => set({ mode: RULE_RUN_MODES.find((m) => m === e.target.value) ?? draft.mode })}
          >
            {RULE_RUN_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {RUN_MODE_LABELS[mode][locale]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('runMax')} hint={hintWithError(t('runMaxHint'), errorAt(errors, 'actions.max'))}>
          <input
            type="number"
            min={1}
            max={100}
            value={draft.max ?? ''}
            onChange={(e) => set({ max: e.target.value === '' ? undefined : Number(e.target.value) })}
          />
        </Field>
      </fieldset>
      {errors.size > 0 && (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">{t('fixErrors')}</p>
          <ul className="automation-error-list">
            {[...errors].map(([path, message]) => (
              <li key={path}>
                {path && <code>{path}</code>} {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorNotice error={error} />
      <div className="row">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
