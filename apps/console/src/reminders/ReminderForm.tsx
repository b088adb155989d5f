import { REMINDER_REPEAT_TYPES, type Reminder, type ReminderRepeatType } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { browserTimeZone, isoToLocalInput, localInputToIso } from '../ui/local-time';
import { useToast } from '../ui/toasts';
import { REPEAT_LABEL } from './labels';
import { remindersMessages } from './messages';
import { createReminder, reminderKeys, updateReminder } from './queries';

/** Creates a reminder, or edits `reminder`; the time is picked in the browser's local time. */
export function ReminderForm({ reminder, onDone }: { reminder?: Reminder; onDone: () => void }) {
  const t = useT(remindersMessages);
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const zone = browserTimeZone();
  const [title, setTitle] = useState(reminder?.title ?? '');
  const [description, setDescription] = useState(reminder?.description ?? '');
  const [remindAt, setRemindAt] = useState(isoToLocalInput(reminder?.remind_at, 'second'));
  const [repeat, setRepeat] = useState<ReminderRepeatType>(reminder?.repeat_type ?? 'none');
  const [sessionId, setSessionId] = useState(reminder?.session_id ?? '');

  const save = useMutation({
    mutationFn: () => {
      const body = {
        title,
        description,
        remind_at: localInputToIso(remindAt),
        repeat_type: repeat,
        session_id: sessionId,
        timezone: zone,
      };
      return reminder ? updateReminder(api, reminder.id, body) : createReminder(api, body);
    },
    onSuccess: () => {
      toast({ title: reminder ? t('saved') : t('created'), kind: 'success' });
      void queryClient.invalidateQueries({ queryKey: reminderKeys.all });
      onDone();
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form className="stack reminders-form" onSubmit={onSubmit}>
      <Field label={t('fieldTitle')}>
        <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label={t('fieldDescription')}>
        <textarea maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field label={t('fieldRemindAt')} hint={t('fieldRemindAtHint', { zone })}>
        <input
          type="datetime-local"
          step={1}
          required
          value={remindAt}
          onChange={(e) => setRemindAt(e.target.value)}
        />
      </Field>
      <Field label={t('fieldRepeat')}>
        <select value={repeat} onChange={(e) => setRepeat(e.target.value as ReminderRepeatType)}>
          {REMINDER_REPEAT_TYPES.map((value) => (
            <option key={value} value={value}>
              {t(REPEAT_LABEL[value])}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('fieldSession')} hint={t('fieldSessionHint')}>
        <input value={sessionId} onChange={(e) => setSessionId(e.target.value)} />
      </Field>
      <ErrorNotice error={save.error} />
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {reminder ? t('save') : t('create')}
        </Button>
      </div>
    </form>
  );
}
