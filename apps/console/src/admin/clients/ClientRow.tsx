import { type KnownClient, unwrap } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../../api/client';
import { consoleClientId } from '../../api/client-id';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { useT } from '../../i18n/messages';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useToast } from '../../ui/toasts';
import { adminKeys } from '../query-keys';
import { clientsMessages } from './messages';

/** One known client, with its note edited in place. */
export function ClientRow({ client }: { client: KnownClient }) {
  const t = useT(clientsMessages);
  const { locale } = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [note, setNote] = useState(client.note);
  const isThisBrowser = client.client_id === consoleClientId();

  const save = useMutation({
    mutationFn: async () =>
      unwrap(await api.rest.admin.setClientNote({ params: { id: client.client_id }, body: { note } }), 200),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.allClients });
      toast({ title: saved.note ? t('noteSaved') : t('noteCleared'), kind: 'success' });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <tr aria-label={client.client_id}>
      <th scope="row">
        <span className="row admin-client-id">
          <span
            className={`admin-dot ${client.online ? 'admin-dot-online' : ''}`}
            role="img"
            aria-label={client.online ? t('online') : t('offline')}
          />
          <code className="admin-break">{client.client_id}</code>
          {isThisBrowser && <span className="badge badge-accent">{t('thisBrowser')}</span>}
        </span>
      </th>
      <td>{client.user_id}</td>
      <td>
        <div>{client.device_name || '—'}</div>
        <div className="muted admin-small admin-break">{client.user_agent}</div>
      </td>
      <td>{formatDateTime(client.last_seen, locale)}</td>
      <td>
        <form className="admin-note" onSubmit={onSubmit}>
          <input
            aria-label={t('noteFor', { client: client.client_id })}
            maxLength={200}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button
            small
            type="submit"
            busy={save.isPending}
            disabled={note === client.note}
            aria-label={t('saveNoteFor', { client: client.client_id })}
          >
            {t('saveNote')}
          </Button>
        </form>
        <ErrorNotice error={save.error} />
      </td>
    </tr>
  );
}
