import { type KnowledgeDocument, unwrap } from '@cyrene/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { ConfirmButton } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { useToast } from '../ui/toasts';
import { AddDocumentForm } from './AddDocumentForm';
import { knowledgeMessages } from './messages';
import './knowledge.css';

/** /knowledge/:id — one knowledge base: its documents, and adding more. */
export function BasePage() {
  const t = useT(knowledgeMessages);
  const api = useApi();
  const { id = '' } = useParams();
  const detail = useQuery({
    queryKey: ['knowledge', 'base', id],
    queryFn: async () => unwrap(await api.rest.knowledge.getKnowledgeBase({ params: { id } }), 200),
  });
  if (detail.isPending) return <Loading />;
  if (detail.isError)
    return (
      <section className="stack">
        <Link to="/knowledge">{t('backToBases')}</Link>
        <ErrorNotice error={detail.error} onRetry={() => void detail.refetch()} />
      </section>
    );
  const { knowledge_base: base, documents } = detail.data;
  return (
    <section className="stack">
      <Link to="/knowledge">{t('backToBases')}</Link>
      <PageHeader title={base.name}>{base.description && <p>{base.description}</p>}</PageHeader>
      <section className="stack" aria-labelledby="knowledge-docs-title">
        <h2 id="knowledge-docs-title" className="knowledge-section-title">
          {t('documents')} <span className="badge">{documents.length}</span>
        </h2>
        {documents.length === 0 ? (
          <Empty>{t('noDocuments')}</Empty>
        ) : (
          <ul className="list">
            {documents.map((document) => (
              <DocumentRow key={document.id} document={document} />
            ))}
          </ul>
        )}
      </section>
      <AddDocumentForm kbId={base.id} />
    </section>
  );
}

function DocumentRow({ document }: { document: KnowledgeDocument }) {
  const t = useT(knowledgeMessages);
  const { locale } = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(await api.rest.knowledge.deleteKnowledgeDocument({ params: { id: document.id } }), 200),
    onSuccess: async () => {
      toast({ title: t('documentDeleted'), kind: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['knowledge'] });
    },
  });
  return (
    <li className="card knowledge-doc" aria-labelledby={`doc-${document.id}`}>
      <div className="knowledge-doc-main">
        <Link
          id={`doc-${document.id}`}
          className="knowledge-doc-title"
          to={`/knowledge/${document.kb_id}/documents/${document.id}`}
        >
          {document.title}
        </Link>
        <p className="row muted knowledge-meta">
          <span className="badge">{t(`source_${document.source_type}`)}</span>
          <span>{t('chunkCount', { count: document.chunk_count })}</span>
          <span>{formatDateTime(document.created_at, locale)}</span>
        </p>
        <ErrorNotice error={remove.error} />
      </div>
      <ConfirmButton small busy={remove.isPending} onConfirm={() => remove.mutate()}>
        {t('delete')}
      </ConfirmButton>
    </li>
  );
}
