import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/client';
import { useAuth } from '../auth/auth';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { Pager } from '../ui/Pager';
import { useToast } from '../ui/toasts';
import { notificationsMessages } from './messages';
import { NotificationItem } from './NotificationItem';
import { PushForm } from './PushForm';
import { useNotificationPage, useUnreadCount } from './queries';
import { POLL_MS } from './useLiveNotifications';
import './notifications.css';
import { markAllNotificationsRead, notificationKeys } from './queries';

const PAGE_SIZE = 20;

/** /notifications: the caller's outbox, newest first, with read state; the admin may push. */
export function NotificationsPage() {
  const t = useT(notificationsMessages);
  const api = useApi();
  const { isAdmin } = useAuth();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const list = useNotificationPage((page - 1) * PAGE_SIZE, PAGE_SIZE);
  const unread = useUnreadCount();

  const markAll = useMutation({
    mutationFn: () => markAllNotificationsRead(api),
    onSuccess: ({ count }) => {
      toast({ title: t('markedAll', { count }), kind: 'success' });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });

  return (
    <section className="stack">
      <PageHeader
        title={t('title')}
        actions={
          <Button
            busy={markAll.isPending}
            disabled={(unread.data ?? 0) === 0}
            onClick={() => markAll.mutate()}
          >
            {t('markAllRead')}
          </Button>
        }
      >
        <p className="muted">{isAdmin ? t('liveAdmin') : t('livePolling', { seconds: POLL_MS / 1000 })}</p>
      </PageHeader>
      <ErrorNotice error={markAll.error} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.notifications.length === 0 ? (
        <Empty>{t('empty')}</Empty>
      ) : (
        <>
          <ul className="list">
            {list.data.notifications.map((note) => (
              <NotificationItem key={note.id} note={note} />
            ))}
          </ul>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
        </>
      )}
      {isAdmin && <PushForm />}
    </section>
  );
}
