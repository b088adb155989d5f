import type { Session } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import { chatMessages } from './messages';
import { chatKeys, renameSession } from './queries';

/** The rename button and its dialog (PATCH /sessions/:id). */
export function RenameSession({ session }: { session: Session }) {
  const t = useT(chatMessages);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button small onClick={() => setOpen(true)}>
        {t('rename')}
      </Button>
      <Dialog open={open} title={t('renameTitle')} onClose={() => setOpen(false)}>
        <RenameForm session={session} onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function RenameForm({ session, onDone }: { session: Session; onDone: () => void }) {
  const t = useT(chatMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [title, setTitle] = useState(session.title);
  const rename = useMutation({
    mutationFn: () => renameSession(api, session.id, title),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: chatKeys.sessions });
      toast({ title: t('renamed'), kind: 'success' });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate();
  };
  return (
    <form className="stack" onSubmit={submit}>
      <Field label={t('titleLabel')}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={100} />
      </Field>
      <ErrorNotice error={rename.error} />
      <div className="row">
        <Button type="submit" variant="primary" busy={rename.isPending}>
          {t('save')}
        </Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </div>
    </form>
  );
}
