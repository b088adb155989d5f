import { REMINDER_STATUSES, type Reminder, type ReminderStatus } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { Empty, Loading } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { Pager } from '../ui/Pager';
import { STATUS_LABEL } from './labels';
import { remindersMessages } from './messages';
import { ReminderForm } from './ReminderForm';
import { ReminderItem } from './ReminderItem';
import './reminders.css';
import { listReminders, reminderKeys } from './queries';

const PAGE_SIZE = 20;

/** What the dialog shows: nothing, a new reminder, or one being edited. */
type Editing = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; reminder: Reminder };

/** /reminders: the caller's reminders, soonest first, filtered by status and paged. */
export function RemindersPage() {
  const t = useT(remindersMessages);
  const api = useApi();
  const [status, setStatus] = useState<ReminderStatus | ''>('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const offset = (page - 1) * PAGE_SIZE;

  const list = useQuery({
    queryKey: reminderKeys.page(status, offset),
    queryFn: () => listReminders(api, { status: status || undefined, limit: PAGE_SIZE, offset }),
  });
  const close = () => setEditing({ mode: 'closed' });

  return (
    <section className="stack">
      <PageHeader
        title={t('title')}
        actions={
          <Button variant="primary" onClick={() => setEditing({ mode: 'create' })}>
            {t('create')}
          </Button>
        }
      >
        <p className="muted">{t('intro')}</p>
      </PageHeader>
      <div className="row reminders-toolbar">
        <Field label={t('filter')}>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as ReminderStatus | '');
              setPage(1);
            }}
          >
            <option value="">{t('all')}</option>
            {REMINDER_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(STATUS_LABEL[value])}
              </option>
            ))}
          </select>
        </Field>
        {list.data && <span className="muted">{t('total', { count: list.data.count })}</span>}
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.reminders.length === 0 ? (
        <Empty>{t('empty')}</Empty>
      ) : (
        <>
          <ul className="list">
            {list.data.reminders.map((reminder) => (
              <ReminderItem
                key={reminder.id}
                reminder={reminder}
                onEdit={() => setEditing({ mode: 'edit', reminder })}
              />
            ))}
          </ul>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.count} onPage={setPage} />
        </>
      )}
      <Dialog
        open={editing.mode !== 'closed'}
        title={editing.mode === 'edit' ? t('editTitle') : t('create')}
        onClose={close}
      >
        <ReminderForm
          key={editing.mode === 'edit' ? editing.reminder.id : editing.mode}
          reminder={editing.mode === 'edit' ? editing.reminder : undefined}
          onDone={close}
        />
      </Dialog>
    </section>
  );
}
