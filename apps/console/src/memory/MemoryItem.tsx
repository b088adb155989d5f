import type { MemoryItem as Memory } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { ConfirmButton } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { useToast } from '../ui/toasts';
import { memoryMessages } from './messages';
import { deleteMemory, memoryKeys } from './queries';

/** One memory: its content, category, priority, when, its relevance in a search, and delete. */
export function MemoryItem({ memory }: { memory: Memory }) {
  const t = useT(memoryMessages);
  const { locale } = useLocale();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteMemory(api, memory.id),
    onSuccess: () => {
      toast({ title: t('deleted'), kind: 'success' });
      void queryClient.invalidateQueries({ queryKey: memoryKeys.all });
    },
  });
  return (
    <li className="card memory-item" data-memory-id={memory.id}>
      <p className="memory-content">{memory.content}</p>
      <div className="row muted memory-meta">
        <span className="badge badge-accent">{memory.category}</span>
        <span className="badge">{t('priorityBadge', { priority: memory.priority })}</span>
        {memory.score !== undefined && (
          <span className="badge">{t('score', { score: memory.score.toFixed(2) })}</span>
        )}
        <time dateTime={memory.created_at}>{formatDateTime(memory.created_at, locale)}</time>
        <ConfirmButton
          small
          className="memory-delete"
          busy={remove.isPending}
          onConfirm={() => remove.mutate()}
        >
          {t('delete')}
        </ConfirmButton>
      </div>
      <ErrorNotice error={remove.error} />
    </li>
  );
}
