import { NOTIFICATION_TYPES, type NotificationType } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../api/client';
import { useAuth } from '../auth/auth';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import { TYPE_LABEL } from './kinds';
import { notificationsMessages } from './messages';
import { notificationKeys, pushNotification } from './queries';

/** The administrator's form for POST /notifications/push (to any user; the own id by default). */
export function PushForm() {
  const t = useT(notificationsMessages);
  const api = useApi();
  const { profile } = useAuth();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState(profile?.user_id ?? '');
  const [type, setType] = useState<NotificationType>('info');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');

  const push = useMutation({
    mutationFn: () => pushNotification(api, { user_id: userId, type, title, body }),
    onSuccess: ({ notification }) => {
      toast({ title: notification.delivered ? t('pushed') : t('pushedOffline'), kind: 'success' });
      setTitle('');
      setBody('');
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    push.mutate();
  };

  return (
    <section className="card stack" aria-labelledby="notifications-push-heading">
      <h2 id="notifications-push-heading" className="notifications-card-title">
        {t('pushTitle')}
      </h2>
      <p className="muted notifications-hint">{t('pushHint')}</p>
      <form className="stack" onSubmit={onSubmit}>
        <div className="notifications-push-grid">
          <Field label={t('pushUserId')}>
            <input required value={userId} onChange={(e) => setUserId(e.target.value)} />
          </Field>
          <Field label={t('pushType')}>
            <select value={type} onChange={(e) => setType(e.target.value as NotificationType)}>
              {NOTIFICATION_TYPES.map((value) => (
                <option key={value} value={value}>
                  {t(TYPE_LABEL[value])}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label={t('pushNoteTitle')}>
          <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label={t('pushBody')}>
          <textarea required maxLength={10000} value={body} onChange={(e) => setBody(e.target.value)} />
        </Field>
        <ErrorNotice error={push.error} />
        <div className="row">
          <Button type="submit" variant="primary" busy={push.isPending}>
            {t('pushSubmit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
