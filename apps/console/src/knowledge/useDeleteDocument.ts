import type { KnowledgeDocument } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { useToast } from '../ui/toasts';
import { knowledgeMessages } from './messages';
import { deleteKnowledgeDocument, knowledgeKeys } from './queries';

/** Deletes `document`; `onDeleted` runs before the knowledge queries refresh (e.g. to leave its page). */
export function useDeleteDocument(document: KnowledgeDocument, onDeleted?: () => void) {
  const t = useT(knowledgeMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: () => deleteKnowledgeDocument(api, document.id),
    onSuccess: async () => {
      toast({ title: t('documentDeleted'), kind: 'success' });
      onDeleted?.();
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
    },
  });
}
