import { type GatewayClient, type PushNotificationBody, unwrap } from '@cyrene/sdk';
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
    queryFn: async () => (await listNotifications(api, { unread: true, limit: 1 })).total,
    enabled: signedIn,
  });
}

export function useNotificationPage(offset: number, limit: number) {
  const api = useApi();
  return useQuery({
    queryKey: notificationKeys.page(offset, limit),
    queryFn: () => listNotifications(api, { offset, limit }),
  });
}

// The notifications' gateway calls, each answering the success body (a failure throws GatewayError).

/** The list's query as a request takes it (offset and limit may be left to their defaults). */
type ListNotificationsArgs = NonNullable<
  Parameters<GatewayClient['rest']['notifications']['listNotifications']>[0]
>['query'];

export async function listNotifications(api: GatewayClient, query: ListNotificationsArgs) {
  return unwrap(await api.rest.notifications.listNotifications({ query }), 200);
}

export async function markNotificationRead(api: GatewayClient, id: string) {
  return unwrap(await api.rest.notifications.markNotificationRead({ params: { id } }), 200);
}

export async function markAllNotificationsRead(api: GatewayClient) {
  return unwrap(await api.rest.notifications.markAllNotificationsRead(), 200);
}

export async function pushNotification(api: GatewayClient, body: PushNotificationBody) {
  return unwrap(await api.rest.notifications.pushNotification({ body }), 200);
}
