import type { KnowledgeDocument } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { ConfirmButton } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { knowledgeMessages } from './messages';
import { useBase } from './useBases';
import { useDeleteDocument } from './useDeleteDocument';
import './knowledge.css';
import { getKnowledgeDocument, knowledgeKeys } from './queries';

/** /knowledge/:id/documents/:documentId — a document, its facts and its chunks in order. */
export function DocumentPage() {
  const t = useT(knowledgeMessages);
  const api = useApi();
  const { id: kbId = '', documentId = '' } = useParams();
  const detail = useQuery({
    queryKey: knowledgeKeys.document(documentId),
    queryFn: () => getKnowledgeDocument(api, documentId),
  });
  const base = useBase(kbId);
  const back = (
    <Link to={`/knowledge/${kbId}`}>
      {t('backToBase', { name: base.data?.knowledge_base.name ?? t('title') })}
    </Link>
  );
  if (detail.isPending) return <Loading />;
  if (detail.isError)
    return (
      <section className="stack">
        {back}
        <ErrorNotice error={detail.error} onRetry={() => void detail.refetch()} />
      </section>
    );
  const { document, chunks } = detail.data;
  return (
    <section className="stack">
      {back}
      <PageHeader title={document.title} actions={<DeleteDocument document={document} />} />
      <DocumentFacts document={document} />
      <section className="stack" aria-labelledby="knowledge-chunks-title">
        <h2 id="knowledge-chunks-title" className="knowledge-section-title">
          {t('chunks')} <span className="badge">{chunks.length}</span>
        </h2>
        {chunks.length === 0 ? (
          <Empty>{t('noChunks')}</Empty>
        ) : (
          <ol className="list">
            {chunks.map((chunk) => (
              <li
                key={chunk.id}
                className="card knowledge-chunk"
                aria-label={t('chunkLabel', { index: chunk.index })}
              >
                <p className="row muted knowledge-meta">
                  <span className="badge">{t('chunkLabel', { index: chunk.index })}</span>
                  <span>{t('chunkRange', { start: chunk.char_start, end: chunk.char_end })}</span>
                </p>
                <p className="knowledge-chunk-text">{chunk.content}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

function DocumentFacts({ document }: { document: KnowledgeDocument }) {
  const t = useT(knowledgeMessages);
  const { locale } = useLocale();
  return (
    <dl className="card knowledge-facts">
      <dt>{t('sourceType')}</dt>
      <dd>{t(`source_${document.source_type}`)}</dd>
      {document.source_ref && (
        <>
          <dt>{t('sourceRef')}</dt>
          <dd>{document.source_ref}</dd>
        </>
      )}
      <dt>{t('contentType')}</dt>
      <dd>{document.content_type}</dd>
      <dt>{t('created')}</dt>
      <dd>{formatDateTime(document.created_at, locale)}</dd>
    </dl>
  );
}

function DeleteDocument({ document }: { document: KnowledgeDocument }) {
  const t = useT(knowledgeMessages);
  const navigate = useNavigate();
  const remove = useDeleteDocument(document, () => void navigate(`/knowledge/${document.kb_id}`));
  return (
    <div className="stack">
      <ConfirmButton busy={remove.isPending} onConfirm={() => remove.mutate()}>
        {t('delete')}
      </ConfirmButton>
      <ErrorNotice error={remove.error} />
    </div>
  );
}
