import { RuleActionInputSchema, type RuleActionType } from '@cyrene/sdk';
import { useState } from 'react';
import { useLocale } from '../../i18n/locale';
import { useT } from '../../i18n/messages';
import { Button } from '../../ui/Button';
import { ACTION_LABELS } from '../labels';
import { automationMessages } from '../messages';
import { ActionFields } from './ActionFields';
import { newStep, nextRowId, type StepDraft } from './draft';
import { errorAt, type FieldErrors } from './errors';

/** The action kinds, read off the contract's discriminated union of steps. */
const ACTION_KINDS: RuleActionType[] = RuleActionInputSchema.options.map((option) => option.shape.type.value);
const asKind = (value: string) => ACTION_KINDS.find((kind) => kind === value);

/** The rule's steps in order: add, remove, move up/down, change a step's kind. */
export function ActionsEditor({
  steps,
  errors,
  onChange,
}: {
  steps: StepDraft[];
  errors: FieldErrors;
  onChange: (steps: StepDraft[]) => void;
}) {
  const t = useT(automationMessages);
  const { locale } = useLocale();
  const [kindToAdd, setKindToAdd] = useState<RuleActionType>('notify');
  const listError = errors.get('actions') ?? errors.get('actions.steps');

  const move = (from: number, to: number) => {
    const next = [...steps];
    const [moved] = next.splice(from, 1);
    if (moved) next.splice(to, 0, moved);
    onChange(next);
  };
  const replace = (index: number, draft: StepDraft) =>
    onChange(steps.map((s, i) => (i === index ? draft : s)));

  return (
    <fieldset className="automation-fieldset stack">
      <legend>{t('actions')}</legend>
      <p className="muted automation-legend-hint">{t('actionsHint')}</p>
      {steps.length === 0 && <p className="muted">{t('noActions')}</p>}
      {listError && <p className="automation-field-error">{listError}</p>}
      <ol className="list">
        {steps.map((draft, index) => {
          const n = index + 1;
          const path = `actions.steps.${index}`;
          return (
            <li key={draft.id} className="automation-row stack">
              <div className="automation-row-head">
                <strong>{t('actionN', { n })}</strong>
                <div className="row">
                  <Button
                    small
                    disabled={index === 0}
                    aria-label={t('moveUp', { n })}
                    onClick={() => move(index, index - 1)}
                  >
                    ↑
                  </Button>
                  <Button
                    small
                    disabled={index === steps.length - 1}
                    aria-label={t('moveDown', { n })}
                    onClick={() => move(index, index + 1)}
                  >
                    ↓
                  </Button>
                  <Button
                    small
                    variant="ghost"
                    aria-label={t('removeAction', { n })}
                    onClick={() => onChange(steps.filter((_, i) => i !== index))}
                  >
                    ✕
                  </Button>
                </div>
              </div>
              <select
                aria-label={`${t('actionKind')} ${n}`}
                value={draft.step.type}
                onChange={(e) => replace(index, newStep(asKind(e.target.value) ?? draft.step.type, draft.id))}
              >
                {ACTION_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {ACTION_LABELS[kind][locale]}
                  </option>
                ))}
              </select>
              <ActionFields
                step={draft.step}
                path={path}
                errors={errors}
                onChange={(step) => replace(index, { ...draft, step })}
              />
              <label className="automation-check">
                <input
                  type="checkbox"
                  checked={draft.step.continue_on_error ?? false}
                  onChange={(e) =>
                    replace(index, { ...draft, step: { ...draft.step, continue_on_error: e.target.checked } })
                  }
                />
                {t('continueOnError')}
              </label>
              {errorAt(errors, `${path}.type`) && (
                <p className="automation-field-error">{errorAt(errors, `${path}.type`)}</p>
              )}
            </li>
          );
        })}
      </ol>
      <div className="row">
        <select
          className="automation-inline-select"
          aria-label={t('actionKind')}
          value={kindToAdd}
          onChange={(e) => setKindToAdd(asKind(e.target.value) ?? kindToAdd)}
        >
          {ACTION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {ACTION_LABELS[kind][locale]}
            </option>
          ))}
        </select>
        <Button onClick={() => onChange([...steps, newStep(kindToAdd, nextRowId(steps))])}>
          {t('addAction')}
        </Button>
      </div>
    </fieldset>
  );
}
