import { Bell } from 'lucide-react';
import { Link } from 'react-router';
import { useT } from '../i18n/messages';
import { notificationsMessages } from './messages';
import { useUnreadCount } from './queries';
import { useLiveNotifications } from './useLiveNotifications';
import './notifications.css';

/** The top bar's bell: the unread count, a link to /notifications, and the live feed behind it. */
export function NotificationBell() {
  const t = useT(notificationsMessages);
  useLiveNotifications();
  const unread = useUnreadCount();
  const count = unread.data ?? 0;
  return (
    <Link
      to="/notifications"
      className="button button-ghost button-small notifications-bell"
      aria-label={t('bellLabel', { count })}
      title={t('bellLabel', { count })}
    >
      <Bell aria-hidden="true" size={18} />
      <span
        className={count > 0 ? 'notifications-count' : 'notifications-count notifications-count-zero'}
        aria-hidden="true"
      >
        {count > 99 ? '99+' : count}
      </span>
    </Link>
  );
}
