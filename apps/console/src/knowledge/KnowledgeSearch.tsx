import type { KnowledgeBase, SearchChunkResult } from '@cyrene/sdk';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { Empty } from '../ui/Loading';
import { knowledgeMessages } from './messages';
import { searchKnowledge } from './queries';
import { useBases } from './useBases';

/** POST /knowledge/search over all of the caller's bases or the ones ticked. */
export function KnowledgeSearch() {
  const t = useT(knowledgeMessages);
  const api = useApi();
  const bases = useBases();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [limit, setLimit] = useState(5);
  const search = useMutation({
    mutationFn: () =>
      searchKnowledge(api, { query: query.trim(), limit, ...(chosen.length > 0 ? { kb_ids: chosen } : {}) }),
  });
  const known = bases.data?.knowledge_bases ?? [];
  const toggle = (id: string, on: boolean) =>
    setChosen((all) => (on ? [...all, id] : all.filter((other) => other !== id)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    search.mutate();
  };

  return (
    <section className="card stack" aria-labelledby="knowledge-search-title">
      <h2 id="knowledge-search-title" className="knowledge-section-title">
        {t('search')}
      </h2>
      <form className="stack" onSubmit={submit}>
        <div className="knowledge-search-row">
          <Field label={t('searchQuery')}>
            <input
              type="search"
              required
              maxLength={1000}
              placeholder={t('searchPlaceholder')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </Field>
          <Field label={t('limit')}>
            <input
              type="number"
              min={1}
              max={50}
              required
              className="knowledge-limit"
              value={limit}
              onChange={(e) => setLimit(Number(e.target.value))}
            />
          </Field>
        </div>
        {known.length > 0 && (
          <fieldset className="knowledge-scope">
            <legend>{t('searchBases')}</legend>
            <p className="muted knowledge-scope-hint">{chosen.length === 0 && t('allBases')}</p>
            {known.map((base) => (
              <label key={base.id} className="knowledge-check">
                <input
                  type="checkbox"
                  checked={chosen.includes(base.id)}
                  onChange={(e) => toggle(base.id, e.target.checked)}
                />
                {base.name}
              </label>
            ))}
          </fieldset>
        )}
        <ErrorNotice error={search.error} />
        <div className="row">
          <Button type="submit" variant="primary" busy={search.isPending}>
            {t('searchSubmit')}
          </Button>
        </div>
      </form>
      {search.data && <SearchResults chunks={search.data.chunks} bases={known} />}
    </section>
  );
}

function SearchResults({ chunks, bases }: { chunks: SearchChunkResult[]; bases: KnowledgeBase[] }) {
  const t = useT(knowledgeMessages);
  if (chunks.length === 0) return <Empty>{t('noMatches')}</Empty>;
  const baseName = (id: string) => bases.find((base) => base.id === id)?.name ?? t('unknownBase');
  return (
    <div className="stack">
      <p className="muted" aria-live="polite">
        {t('resultsTotal', { total: chunks.length })}
      </p>
      <ol className="list" aria-label={t('search')}>
        {chunks.map((chunk) => (
          <li key={chunk.chunk_id} className="knowledge-result">
            <p className="knowledge-chunk-text">{chunk.content}</p>
            <p className="row muted knowledge-meta">
              <span>{t('sourceOf')}</span>
              <Link to={`/knowledge/${chunk.kb_id}/documents/${chunk.document_id}`}>
                {chunk.document_title}
              </Link>
              <span>· {baseName(chunk.kb_id)}</span>
              <span className="badge">{t('score', { score: chunk.score.toFixed(2) })}</span>
              <span className="badge">{t(`match_${chunk.match}`)}</span>
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}
