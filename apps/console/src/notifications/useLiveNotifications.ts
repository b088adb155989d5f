import type { NotificationPayload, StoredNotification } from '@cyrene/sdk';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useApi } from '../api/client';
import { useAuth } from '../auth/auth';
import { useRealtime } from '../realtime/realtime';
import { reminderKeys } from '../reminders/queries';
import { useToast } from '../ui/toasts';
import { TOAST_KIND } from './kinds';
import { listNotifications, notificationKeys } from './queries';

/** How often a user without the WebSocket asks for new notifications (while the tab is visible). */
export const POLL_MS = 20_000;
const POLL_PAGE = 50;

/**
 * New notifications as they come: the administrator's over the chat WebSocket, everyone else's
 * by polling (the spec keeps the WebSocket for the administrator). Each new one is toasted and
 * the notification lists and unread count are refreshed. Mount once (the bell does).
 */
export function useLiveNotifications(): void {
  const { profile } = useAuth();
  const { socket } = useRealtime();
  const queryClient = useQueryClient();
  const toast = useToast();

  const announce = useCallback(
    (notes: Pick<NotificationPayload, 'type' | 'title' | 'body'>[]) => {
      for (const note of notes) toast({ title: note.title, body: note.body, kind: TOAST_KIND[note.type] });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      // A reminder that fired is now `notified` (and a repeating one has its next time).
      if (notes.some((note) => note.type === 'reminder')) {
        void queryClient.invalidateQueries({ queryKey: reminderKeys.all });
      }
    },
    [toast, queryClient],
  );

  useEffect(() => {
    if (!socket) return;
    return socket.on('notification', (frame) => announce([frame.notification]));
  }, [socket, announce]);

  usePolledNotifications(profile !== undefined && !profile.is_admin, announce);
}

/** Polls the newest notifications and hands over those not seen before (none on the first load). */
function usePolledNotifications(enabled: boolean, onNew: (notes: StoredNotification[]) => void): void {
  const api = useApi();
  const poll = useQuery({
    queryKey: notificationKeys.poll,
    queryFn: async () => (await listNotifications(api, { limit: POLL_PAGE })).notifications,
    enabled,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
  // null until the first answer: what is already there then is not news.
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    const notes = poll.data;
    if (!notes) return;
    if (seen.current === null) {
      seen.current = new Set(notes.map((n) => n.id));
      return;
    }
    const known = seen.current;
    const fresh = notes.filter((n) => !known.has(n.id));
    if (fresh.length === 0) return;
    for (const n of fresh) known.add(n.id);
    // Oldest first, so the newest toast ends up last (the toasts read top to bottom).
    onNew([...fresh].reverse());
  }, [poll.data, onNew]);
}
