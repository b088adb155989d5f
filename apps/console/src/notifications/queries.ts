import { unwrap } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { useAuth } from '../auth/auth';

/** TanStack Query keys of the notifications; `all` is the prefix of the list pages and unread count. */
export const notificationKeys = {
  all: ['notifications'] as const,
  unreadCount: ['notifications', 'unread-count'] as const,
  page: (offset: number, limit: number) => ['notifications', 'page', offset, limit] as const,
  /** The fallback poll while the socket is down (not under `all`). */
  poll: ['notifications-poll'] as const,
};

/** How many notifications are unread: `total` of a one-item page of unread ones. */
export function useUnreadCount() {
  const api = useApi();
  const { signedIn } = useAuth();
  return useQuery({
    queryKey: notificationKeys.unreadCount,
    queryFn: async () =>
      unwrap(await api.rest.notifications.listNotifications({ query: { unread: true, limit: 1 } }), 200)
        .total,
    enabled: signedIn,
  });
}

export function useNotificationPage(offset: number, limit: number) {
  const api = useApi();
  return useQuery({
    queryKey: notificationKeys.page(offset, limit),
    queryFn: async () =>
      unwrap(await api.rest.notifications.listNotifications({ query: { offset, limit } }), 200),
  });
}
