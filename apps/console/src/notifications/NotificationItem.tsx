import type { StoredNotification } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { TYPE_LABEL } from './kinds';
import { notificationsMessages } from './messages';
import { markNotificationRead, notificationKeys } from './queries';

/** One notification: its type, title, body, when it came, and whether it was read. */
export function NotificationItem({ note }: { note: StoredNotification }) {
  const t = useT(notificationsMessages);
  const { locale } = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const markRead = useMutation({
    mutationFn: () => markNotificationRead(api, note.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const unread = note.read_at === null;
  return (
    <li
      className={unread ? 'card notifications-item notifications-unread' : 'card notifications-item'}
      data-notification-id={note.id}
    >
      <div className="row notifications-meta">
        <span className={`badge notifications-type notifications-type-${note.type}`}>
          {t(TYPE_LABEL[note.type])}
        </span>
        {unread ? (
          <span className="badge badge-accent">{t('unread')}</span>
        ) : (
          <span className="muted">{t('readAt', { time: formatDateTime(note.read_at, locale) })}</span>
        )}
        <time className="muted notifications-time" dateTime={note.timestamp}>
          {formatDateTime(note.timestamp, locale)}
        </time>
      </div>
      <h2 className="notifications-title">{note.title}</h2>
      <p className="notifications-body">{note.body}</p>
      {unread && (
        <div className="row">
          <Button small busy={markRead.isPending} onClick={() => markRead.mutate()}>
            {t('markRead')}
          </Button>
        </div>
      )}
      <ErrorNotice error={markRead.error} />
    </li>
  );
}
