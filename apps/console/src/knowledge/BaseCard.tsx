import type { KnowledgeBase } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { Button, ConfirmButton } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useToast } from '../ui/toasts';
import { type BaseDraft, BaseForm } from './BaseForm';
import { knowledgeMessages } from './messages';
import { deleteKnowledgeBase, knowledgeKeys, updateKnowledgeBase } from './queries';

/** One knowledge base in the list: its page, its size, edit and delete. */
export function BaseCard({ base }: { base: KnowledgeBase }) {
  const t = useT(knowledgeMessages);
  const { locale } = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);

  const save = useMutation({
    mutationFn: (draft: BaseDraft) => updateKnowledgeBase(api, base.id, draft),
    onSuccess: async () => {
      setEditing(false);
      toast({ title: t('baseSaved'), kind: 'success' });
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteKnowledgeBase(api, base.id),
    onSuccess: async () => {
      toast({ title: t('baseDeleted'), kind: 'success' });
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
    },
  });

  return (
    <li className="card knowledge-base" aria-labelledby={`kb-${base.id}`}>
      <h3 className="knowledge-base-name" id={`kb-${base.id}`}>
        <Link to={`/knowledge/${base.id}`}>{base.name}</Link>
      </h3>
      {base.description && <p className="knowledge-base-description">{base.description}</p>}
      <p className="row muted knowledge-meta">
        <span className="badge badge-accent">{t('docCount', { count: base.doc_count })}</span>
        <span>{t('updated', { date: formatDateTime(base.updated_at, locale) })}</span>
      </p>
      <div className="row">
        <Button small onClick={() => setEditing(true)}>
          {t('editBase')}
        </Button>
        <ConfirmButton small busy={remove.isPending} onConfirm={() => remove.mutate()}>
          {t('delete')}
        </ConfirmButton>
      </div>
      <ErrorNotice error={remove.error} />
      <Dialog open={editing} onClose={() => setEditing(false)} title={t('editBaseTitle')}>
        <BaseForm
          initial={{ name: base.name, description: base.description }}
          submitLabel={t('save')}
          busy={save.isPending}
          error={save.error}
          onSubmit={(draft) => save.mutate(draft)}
        />
      </Dialog>
    </li>
  );
}
