import { AutomationEventTypeSchema, type RuleTriggerType, RuleTriggerTypeSchema } from '@cyrene/sdk';
import { useLocale } from '../../i18n/locale';
import { useT } from '../../i18n/messages';
import { Field } from '../../ui/Field';
import { isoToLocalInput, localInputToIso } from '../../ui/local-time';
import { EVENT_LABELS, TRIGGER_LABELS } from '../labels';
import { automationMessages } from '../messages';
import type { TriggerDrafts } from './draft';
import { errorAt, type FieldErrors } from './errors';
import { hintWithError } from './FieldError';

/** The trigger types, straight from the contract's enum. */
const TRIGGER_TYPES = RuleTriggerTypeSchema.options;
const EVENT_TYPES = AutomationEventTypeSchema.options;

export function TriggerFields({
  type,
  triggers,
  errors,
  onType,
  onTriggers,
}: {
  type: RuleTriggerType;
  triggers: TriggerDrafts;
  errors: FieldErrors;
  onType: (type: RuleTriggerType) => void;
  onTriggers: (triggers: TriggerDrafts) => void;
}) {
  const t = useT(automationMessages);
  const { locale } = useLocale();
  const error = (field: string) => errorAt(errors, `trigger_config.${field}`);
  const set = <K extends keyof TriggerDrafts>(key: K, patch: Partial<TriggerDrafts[K]>) =>
    onTriggers({ ...triggers, [key]: { ...triggers[key], ...patch } });

  return (
    <fieldset className="automation-fieldset stack">
      <legend>{t('trigger')}</legend>
      <Field label={t('triggerType')} hint={hintWithError(undefined, errorAt(errors, 'trigger_type'))}>
        <select value={type} onChange={(e) => onType(RuleTriggerTypeSchema.parse(e.target.value))}>
          {TRIGGER_TYPES.map((option) => (
            <option key={option} value={option}>
              {TRIGGER_LABELS[option][locale]}
            </option>
          ))}
        </select>
      </Field>
      {type === 'schedule' && (
        <div className="automation-fields">
          <Field label={t('cron')} hint={hintWithError(t('cronHint'), error('cron'))}>
            <input
              required
              value={triggers.schedule.cron}
              onChange={(e) => set('schedule', { cron: e.target.value })}
            />
          </Field>
          <Field label={t('timezone')} hint={hintWithError(t('timezoneHint'), error('timezone'))}>
            <input
              value={triggers.schedule.timezone}
              onChange={(e) => set('schedule', { timezone: e.target.value })}
            />
          </Field>
        </div>
      )}
      {type === 'time' && (
        <Field label={t('at')} hint={hintWithError(undefined, error('at'))}>
          <input
            type="datetime-local"
            required
            value={isoToLocalInput(triggers.time.at)}
            onChange={(e) => set('time', { at: localInputToIso(e.target.value) })}
          />
        </Field>
      )}
      {type === 'webhook' && (
        <Field label={t('webhookKey')} hint={hintWithError(t('webhookKeyHint'), error('key'))}>
          <input
            autoComplete="off"
            value={triggers.webhook.key}
            onChange={(e) => set('webhook', { key: e.target.value })}
          />
        </Field>
      )}
      {type === 'event' && (
        <div className="automation-fields">
          <Field label={t('event')} hint={hintWithError(undefined, error('event'))}>
            <select
              value={triggers.event.event}
              onChange={(e) => set('event', { event: AutomationEventTypeSchema.parse(e.target.value) })}
            >
              {EVENT_TYPES.map((option) => (
                <option key={option} value={option}>
                  {EVENT_LABELS[option][locale]}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('keyword')} hint={hintWithError(t('keywordHint'), error('keyword'))}>
            <input
              value={triggers.event.keyword}
              onChange={(e) => set('event', { keyword: e.target.value })}
            />
          </Field>
        </div>
      )}
    </fieldset>
  );
}
