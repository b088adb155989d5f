import type { ExportFormat, Session } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button, ConfirmButton } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { saveBlob } from '../ui/save-blob';
import { useToast } from '../ui/toasts';
import { chatMessages } from './messages';
import { chatKeys, clearMessages, deleteSession } from './queries';
import { RenameSession } from './RenameDialog';

const EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', json: 'json', txt: 'txt' };
const FORMAT_LABELS: Record<ExportFormat, string> = { markdown: 'Markdown', json: 'JSON', txt: 'TXT' };
const FORMATS: ExportFormat[] = ['markdown', 'json', 'txt'];

/** Rename, export, clear and delete for the open session. */
export function SessionActions({ session }: { session: Session }) {
  const t = useT(chatMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [format, setFormat] = useState<ExportFormat>('markdown');

  const exportIt = useMutation({
    mutationFn: () => api.exportSession(session.id, format),
    onSuccess: ({ blob, filename }) => {
      const name = filename ?? `${session.id}.${EXTENSIONS[format]}`;
      saveBlob(blob, name);
      toast({ title: t('exported', { name }), kind: 'success' });
    },
  });
  const clear = useMutation({
    mutationFn: () => clearMessages(api, session.id),
    onSuccess: async () => {
      await queryClient.resetQueries({ queryKey: chatKeys.messages(session.id) });
      toast({ title: t('cleared'), kind: 'success' });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteSession(api, session.id),
    onSuccess: async () => {
      // Leave first: the open page would otherwise ask for the session it no longer finds.
      await navigate('/chat');
      queryClient.removeQueries({ queryKey: chatKeys.messages(session.id) });
      await queryClient.invalidateQueries({ queryKey: chatKeys.sessions });
      toast({ title: t('deleted'), kind: 'success' });
    },
  });

  return (
    <div className="stack chat-actions">
      <div className="row chat-actions-row">
        <RenameSession session={session} />
        <span className="chat-export">
          <select
            aria-label={t('exportFormat')}
            value={format}
            onChange={(e) => setFormat(FORMATS.find((f) => f === e.target.value) ?? 'markdown')}
          >
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
          <Button small busy={exportIt.isPending} onClick={() => exportIt.mutate()}>
            {t('export')}
          </Button>
        </span>
        <ConfirmButton
          small
          busy={clear.isPending}
          confirmLabel={t('confirmClear')}
          onConfirm={() => clear.mutate()}
        >
          {t('clear')}
        </ConfirmButton>
        <ConfirmButton small busy={remove.isPending} onConfirm={() => remove.mutate()}>
          {t('delete')}
        </ConfirmButton>
      </div>
      <ErrorNotice error={exportIt.error ?? clear.error ?? remove.error} />
    </div>
  );
}
