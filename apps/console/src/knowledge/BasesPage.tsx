import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { useToast } from '../ui/toasts';
import { BaseCard } from './BaseCard';
import { type BaseDraft, BaseForm } from './BaseForm';
import { KnowledgeSearch } from './KnowledgeSearch';
import { knowledgeMessages } from './messages';
import { useBases } from './useBases';
import './knowledge.css';
import { createKnowledgeBase, knowledgeKeys } from './queries';

/** /knowledge: the knowledge bases, and a search across them. */
export function BasesPage() {
  const t = useT(knowledgeMessages);
  const [creating, setCreating] = useState(false);
  return (
    <section className="stack">
      <PageHeader
        title={t('title')}
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('newBase')}
          </Button>
        }
      >
        <p>{t('subtitle')}</p>
      </PageHeader>
      <BaseList />
      <KnowledgeSearch />
      <Dialog open={creating} onClose={() => setCreating(false)} title={t('newBase')}>
        <CreateBase onDone={() => setCreating(false)} />
      </Dialog>
    </section>
  );
}

function BaseList() {
  const t = useT(knowledgeMessages);
  const bases = useBases();
  if (bases.isPending) return <Loading />;
  if (bases.isError) return <ErrorNotice error={bases.error} onRetry={() => void bases.refetch()} />;
  if (bases.data.knowledge_bases.length === 0) return <Empty>{t('noBases')}</Empty>;
  return (
    <ul className="knowledge-grid">
      {bases.data.knowledge_bases.map((base) => (
        <BaseCard key={base.id} base={base} />
      ))}
    </ul>
  );
}

function CreateBase({ onDone }: { onDone: () => void }) {
  const t = useT(knowledgeMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (draft: BaseDraft) => createKnowledgeBase(api, draft),
    onSuccess: async (base) => {
      toast({ title: t('baseCreated', { name: base.name }), kind: 'success' });
      onDone();
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      navigate(`/knowledge/${base.id}`);
    },
  });
  return (
    <BaseForm
      submitLabel={t('createBase')}
      busy={create.isPending}
      error={create.error}
      onSubmit={(draft) => create.mutate(draft)}
    />
  );
}
