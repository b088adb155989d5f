import { useState } from 'react';
import { useLocale } from '../../i18n/locale';
import { useT } from '../../i18n/messages';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { browserTimeZone } from '../../ui/local-time';
import { CONDITION_LABELS, WEEKDAY_LABELS } from '../labels';
import { automationMessages } from '../messages';
import {
  CONDITION_KINDS,
  type ConditionKind,
  type ConditionRow,
  conditionPath,
  newCondition,
  nextRowId,
  REPEATABLE_CONDITIONS,
} from './draft';
import { errorAt, type FieldErrors } from './errors';
import { hintWithError } from './FieldError';

/** The rule's conditions as rows; each kind once, except event fields (one row per field). */
export function ConditionsEditor({
  rows,
  errors,
  onChange,
}: {
  rows: ConditionRow[];
  errors: FieldErrors;
  onChange: (rows: ConditionRow[]) => void;
}) {
  const t = useT(automationMessages);
  const { locale } = useLocale();
  const available = CONDITION_KINDS.filter(
    (kind) => REPEATABLE_CONDITIONS.includes(kind) || !rows.some((row) => row.kind === kind),
  );
  const [picked, setPicked] = useState<ConditionKind | ''>('');
  const toAdd = picked && available.includes(picked) ? picked : available[0];

  const replace = (index: number, row: ConditionRow) => onChange(rows.map((r, i) => (i === index ? row : r)));

  return (
    <fieldset className="automation-fieldset stack">
      <legend>{t('conditions')}</legend>
      <p className="muted automation-legend-hint">{t('conditionsHint')}</p>
      {rows.length === 0 && <p className="muted">{t('noConditions')}</p>}
      <ol className="list">
        {rows.map((row, index) => (
          <li key={row.id} className="automation-row">
            <div className="automation-row-head">
              <strong>{CONDITION_LABELS[row.kind][locale]}</strong>
              <Button
                small
                variant="ghost"
                aria-label={t('removeCondition', { n: index + 1 })}
                onClick={() => onChange(rows.filter((_, i) => i !== index))}
              >
                ✕
              </Button>
            </div>
            <ConditionValue
              row={row}
              error={errorAt(errors, conditionPath(row))}
              onChange={(next) => replace(index, next)}
            />
          </li>
        ))}
      </ol>
      {available.length > 0 && toAdd && (
        <div className="row">
          <select
            className="automation-inline-select"
            aria-label={t('conditionKind')}
            value={toAdd}
            onChange={(e) => setPicked(CONDITION_KINDS.find((kind) => kind === e.target.value) ?? '')}
          >
            {available.map((kind) => (
              <option key={kind} value={kind}>
                {CONDITION_LABELS[kind][locale]}
              </option>
            ))}
          </select>
          <Button
            onClick={() => onChange([...rows, newCondition(toAdd, nextRowId(rows), browserTimeZone())])}
          >
            {t('addCondition')}
          </Button>
        </div>
      )}
    </fieldset>
  );
}

function ConditionValue({
  row,
  error,
  onChange,
}: {
  row: ConditionRow;
  error: string | undefined;
  onChange: (row: ConditionRow) => void;
}) {
  const t = useT(automationMessages);
  const { locale } = useLocale();
  switch (row.kind) {
    case 'time_after':
    case 'time_before':
      return (
        <Field label={t('time')} hint={hintWithError(undefined, error)}>
          <input
            type="time"
            required
            value={row.time}
            onChange={(e) => onChange({ ...row, time: e.target.value })}
          />
        </Field>
      );
    case 'weekdays':
      return (
        <fieldset className="automation-weekdays">
          <legend className="visually-hidden">{t('weekdaysLabel')}</legend>
          {WEEKDAY_LABELS[locale].map((label, day) => (
            <label key={label} className="automation-check">
              <input
                type="checkbox"
                checked={row.days.includes(day)}
                onChange={(e) =>
                  onChange({
                    ...row,
                    days: e.target.checked ? [...row.days, day] : row.days.filter((d) => d !== day),
                  })
                }
              />
              {label}
            </label>
          ))}
          {error && <p className="automation-field-error">{error}</p>}
        </fieldset>
      );
    case 'timezone':
      return (
        <Field label={t('timezone')} hint={hintWithError(t('timezoneHint'), error)}>
          <input
            required
            value={row.timezone}
            onChange={(e) => onChange({ ...row, timezone: e.target.value })}
          />
        </Field>
      );
    case 'event_fields':
      return (
        <div className="automation-fields">
          <Field label={t('eventField')}>
            <input required value={row.field} onChange={(e) => onChange({ ...row, field: e.target.value })} />
          </Field>
          <Field label={t('fieldValue')} hint={hintWithError(undefined, error)}>
            <input value={row.value} onChange={(e) => onChange({ ...row, value: e.target.value })} />
          </Field>
        </div>
      );
  }
}
