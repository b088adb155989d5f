import type { Reminder, UpdateReminderBody } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AlarmClock, Repeat } from 'lucide-react';
import { useApi } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { Button, ConfirmButton } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useToast } from '../ui/toasts';
import { REPEAT_LABEL, STATUS_LABEL } from './labels';
import { remindersMessages } from './messages';
import { deleteReminder, reminderKeys, updateReminder } from './queries';

/** One reminder with its state and what can be done with it. */
export function ReminderItem({ reminder, onEdit }: { reminder: Reminder; onEdit: () => void }) {
  const t = useT(remindersMessages);
  const { locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: reminderKeys.all });

  const update = useMutation({
    mutationFn: (body: UpdateReminderBody) => updateReminder(api, reminder.id, body),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => deleteReminder(api, reminder.id),
    onSuccess: () => {
      toast({ title: t('deleted'), kind: 'success' });
      void refresh();
    },
  });
  const busy = update.isPending || remove.isPending;
  const pending = reminder.status === 'pending';

  return (
    <li className="card reminders-item" data-reminder-id={reminder.id} data-status={reminder.status}>
      <div className="row reminders-head">
        <h2 className="reminders-title">{reminder.title}</h2>
        <span className={`badge reminders-status-${reminder.status}`}>
          {t(STATUS_LABEL[reminder.status])}
        </span>
      </div>
      {reminder.description && <p className="reminders-description">{reminder.description}</p>}
      <div className="row muted reminders-meta">
        <time dateTime={reminder.remind_at}>
          <AlarmClock aria-hidden="true" size={14} /> {formatDateTime(reminder.remind_at, locale)}
        </time>
        <span>
          <Repeat aria-hidden="true" size={14} /> {t(REPEAT_LABEL[reminder.repeat_type])}
        </span>
        <span className={reminder.notified ? 'badge badge-success' : 'badge'}>
          {reminder.notified ? t('notified') : t('notNotified')}
        </span>
      </div>
      <div className="row">
        <Button small disabled={busy} onClick={onEdit}>
          {t('edit')}
        </Button>
        {pending && (
          <>
            <Button
              small
              busy={update.isPending && update.variables.status === 'completed'}
              disabled={busy}
              onClick={() => update.mutate({ status: 'completed' })}
            >
              {t('complete')}
            </Button>
            <Button
              small
              busy={update.isPending && update.variables.status === 'cancelled'}
              disabled={busy}
              onClick={() => update.mutate({ status: 'cancelled' })}
            >
              {t('cancelReminder')}
            </Button>
          </>
        )}
        <ConfirmButton small busy={remove.isPending} disabled={busy} onConfirm={() => remove.mutate()}>
          {t('delete')}
        </ConfirmButton>
      </div>
      <ErrorNotice error={update.error ?? remove.error} />
    </li>
  );
}
