import type { KnowledgeDocument } from '@cyrene/sdk';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { ConfirmButton } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { AddDocumentForm } from './AddDocumentForm';
import { knowledgeMessages } from './messages';
import { useBase } from './useBases';
import { useDeleteDocument } from './useDeleteDocument';
import './knowledge.css';

/** /knowledge/:id — one knowledge base: its documents, and adding more. */
export function BasePage() {
  const t = useT(knowledgeMessages);
  const { id = '' } = useParams();
  const detail = useBase(id);
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
  const remove = useDeleteDocument(document);
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
