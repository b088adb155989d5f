import {
  HTTP_ACTION_METHODS,
  NotificationTypeSchema,
  type RuleActionInput,
  type RuleActionType,
} from '@cyrene/sdk';
import { type ReactNode, useState } from 'react';
import { useT } from '../../i18n/messages';
import { TYPE_LABEL } from '../../notifications/kinds';
import { notificationsMessages } from '../../notifications/messages';
import { Field } from '../../ui/Field';
import { isoToLocalInput, localInputToIso } from '../../ui/local-time';
import { automationMessages } from '../messages';
import { useScenes } from '../queries';
import { errorAt, type FieldErrors } from './errors';
import { hintWithError } from './FieldError';

type StepOf<K extends RuleActionType> = Extract<RuleActionInput, { type: K }>;

interface FieldsProps<K extends RuleActionType> {
  step: StepOf<K>;
  /** Where this step sits in the body, e.g. `actions.steps.2`. */
  path: string;
  errors: FieldErrors;
  onChange: (step: StepOf<K>) => void;
}

/** The fields of one step, by its kind; a kind the contract adds fails to compile here. */
export function ActionFields({
  step,
  ...rest
}: Omit<FieldsProps<RuleActionType>, 'step' | 'onChange'> & {
  step: RuleActionInput;
  onChange: (step: RuleActionInput) => void;
}): ReactNode {
  switch (step.type) {
    case 'notify':
      return <NotifyFields step={step} {...rest} />;
    case 'chat':
      return <ChatFields step={step} {...rest} />;
    case 'http':
      return <HttpFields step={step} {...rest} />;
    case 'scene':
      return <SceneFields step={step} {...rest} />;
    case 'reminder':
      return <ReminderFields step={step} {...rest} />;
    default: {
      const unknownKind: never = step;
      return unknownKind;
    }
  }
}

const numberOrUndefined = (value: string) => (value === '' ? undefined : Number(value));

function NotifyFields({ step, path, errors, onChange }: FieldsProps<'notify'>) {
  const t = useT(automationMessages);
  const tNotifications = useT(notificationsMessages);
  const error = (field: string) => errorAt(errors, `${path}.${field}`);
  return (
    <div className="automation-fields">
      <Field label={t('notifyTitle')} hint={hintWithError(undefined, error('title'))}>
        <input required value={step.title} onChange={(e) => onChange({ ...step, title: e.target.value })} />
      </Field>
      <Field label={t('level')} hint={hintWithError(undefined, error('level'))}>
        <select
          value={step.level ?? 'info'}
          onChange={(e) => onChange({ ...step, level: NotificationTypeSchema.parse(e.target.value) })}
        >
          {NotificationTypeSchema.options.map((level) => (
            <option key={level} value={level}>
              {tNotifications(TYPE_LABEL[level])}
            </option>
          ))}
        </select>
      </Field>
      <div className="automation-wide">
        <Field label={t('notifyBody')} hint={hintWithError(undefined, error('body'))}>
          <textarea value={step.body} onChange={(e) => onChange({ ...step, body: e.target.value })} />
        </Field>
      </div>
    </div>
  );
}

function ChatFields({ step, path, errors, onChange }: FieldsProps<'chat'>) {
  const t = useT(automationMessages);
  const error = (field: string) => errorAt(errors, `${path}.${field}`);
  return (
    <div className="automation-fields">
      <Field label={t('sessionId')} hint={hintWithError(undefined, error('session_id'))}>
        <input
          required
          value={step.session_id}
          onChange={(e) => onChange({ ...step, session_id: e.target.value })}
        />
      </Field>
      <div className="automation-wide">
        <Field label={t('chatMessage')} hint={hintWithError(undefined, error('message'))}>
          <textarea
            required
            value={step.message}
            onChange={(e) => onChange({ ...step, message: e.target.value })}
          />
        </Field>
      </div>
    </div>
  );
}

function headersToText(headers: Record<string, string> | undefined): string {
  return Object.entries(headers ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

function textToHeaders(text: string): Record<string, string> | undefined {
  const entries = text
    .split('\n')
    .map((line) => line.split(/:(.*)/s).map((part) => part.trim()))
    .filter(([name]) => name);
  return entries.length ? Object.fromEntries(entries.map(([name, value]) => [name, value ?? ''])) : undefined;
}

function HttpFields({ step, path, errors, onChange }: FieldsProps<'http'>) {
  const t = useT(automationMessages);
  const error = (field: string) => errorAt(errors, `${path}.${field}`);
  // The texts as typed: a half-written header line must not vanish while it is being written.
  const [headersText, setHeadersText] = useState(() => headersToText(step.headers));
  const [bodyText, setBodyText] = useState(() =>
    typeof step.body === 'object' ? JSON.stringify(step.body, null, 2) : (step.body ?? ''),
  );
  return (
    <div className="automation-fields">
      <div className="automation-wide">
        <Field label={t('url')} hint={hintWithError(undefined, error('url'))}>
          <input
            type="url"
            required
            value={step.url}
            onChange={(e) => onChange({ ...step, url: e.target.value })}
          />
        </Field>
      </div>
      <Field label={t('method')} hint={hintWithError(undefined, error('method'))}>
        <select
          value={step.method}
          onChange={(e) =>
            onChange({
              ...step,
              method: HTTP_ACTION_METHODS.find((m) => m === e.target.value) ?? step.method,
            })
          }
        >
          {HTTP_ACTION_METHODS.map((method) => (
            <option key={method}>{method}</option>
          ))}
        </select>
      </Field>
      <Field label={t('timeoutMs')} hint={hintWithError(undefined, error('timeout_ms'))}>
        <input
          type="number"
          min={100}
          max={60000}
          value={step.timeout_ms ?? ''}
          onChange={(e) => onChange({ ...step, timeout_ms: numberOrUndefined(e.target.value) })}
        />
      </Field>
      <Field label={t('retries')} hint={hintWithError(undefined, error('retries'))}>
        <input
          type="number"
          min={0}
          max={5}
          value={step.retries ?? ''}
          onChange={(e) => onChange({ ...step, retries: numberOrUndefined(e.target.value) })}
        />
      </Field>
      <div className="automation-wide">
        <Field label={t('headers')} hint={hintWithError(t('headersHint'), error('headers'))}>
          <textarea
            value={headersText}
            onChange={(e) => {
              setHeadersText(e.target.value);
              onChange({ ...step, headers: textToHeaders(e.target.value) });
            }}
          />
        </Field>
      </div>
      <div className="automation-wide">
        <Field label={t('requestBody')} hint={hintWithError(t('requestBodyHint'), error('body'))}>
          <textarea
            value={bodyText}
            onChange={(e) => {
              setBodyText(e.target.value);
              onChange({ ...step, body: e.target.value || undefined });
            }}
          />
        </Field>
      </div>
    </div>
  );
}

function SceneFields({ step, path, errors, onChange }: FieldsProps<'scene'>) {
  const t = useT(automationMessages);
  const scenes = useScenes();
  return (
    <Field label={t('scene')} hint={hintWithError(undefined, errorAt(errors, `${path}.scene_id`))}>
      <select
        required
        value={step.scene_id}
        onChange={(e) => onChange({ ...step, scene_id: e.target.value })}
      >
        <option value="">{scenes.data?.length === 0 ? t('noScenes') : t('chooseScene')}</option>
        {scenes.data?.map((scene) => (
          <option key={scene.id} value={scene.id}>
            {scene.icon ? `${scene.icon} ${scene.name}` : scene.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

function ReminderFields({ step, path, errors, onChange }: FieldsProps<'reminder'>) {
  const t = useT(automationMessages);
  const error = (field: string) => errorAt(errors, `${path}.${field}`);
  const byMinutes = step.remind_at === undefined;
  return (
    <div className="automation-fields">
      <div className="automation-wide">
        <Field label={t('reminderTitle')} hint={hintWithError(undefined, error('title'))}>
          <input required value={step.title} onChange={(e) => onChange({ ...step, title: e.target.value })} />
        </Field>
      </div>
      <fieldset className="automation-choice">
        <legend>{t('reminderWhen')}</legend>
        <label className="automation-check">
          <input
            type="radio"
            name={`${path}.when`}
            checked={byMinutes}
            onChange={() => onChange({ ...step, in_minutes: 10, remind_at: undefined })}
          />
          {t('inMinutes')}
        </label>
        <label className="automation-check">
          <input
            type="radio"
            name={`${path}.when`}
            checked={!byMinutes}
            onChange={() => onChange({ ...step, in_minutes: undefined, remind_at: '' })}
          />
          {t('remindAt')}
        </label>
      </fieldset>
      {byMinutes ? (
        <Field label={t('minutes')} hint={hintWithError(undefined, error('in_minutes'))}>
          <input
            type="number"
            min={1}
            required
            value={step.in_minutes ?? ''}
            onChange={(e) => onChange({ ...step, in_minutes: numberOrUndefined(e.target.value) })}
          />
        </Field>
      ) : (
        <Field label={t('remindAt')} hint={hintWithError(undefined, error('remind_at'))}>
          <input
            type="datetime-local"
            required
            value={isoToLocalInput(step.remind_at)}
            onChange={(e) => onChange({ ...step, remind_at: localInputToIso(e.target.value) })}
          />
        </Field>
      )}
    </div>
  );
}
