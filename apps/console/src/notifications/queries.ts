import { unwrap } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { useAuth } from '../auth/auth';

/** Every notification query (list pages, unread count) lives under this key. */
export const NOTIFICATIONS_KEY = ['notifications'] as const;

/** How many notifications are unread: `total` of a one-item page of unread ones. */
export function useUnreadCount() {
  const api = useApi();
  const { signedIn } = useAuth();
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'unread-count'],
    queryFn: async () =>
      unwrap(await api.rest.notifications.listNotifications({ query: { unread: true, limit: 1 } }), 200)
        .total,
    enabled: signedIn,
  });
}

export function useNotificationPage(offset: number, limit: number) {
  const api = useApi();
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'page', offset, limit],
    queryFn: async () =>
      unwrap(await api.rest.notifications.listNotifications({ query: { offset, limit } }), 200),
  });
}
