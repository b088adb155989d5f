import type { MessageSearchResult } from '@cyrene/sdk';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { Pager } from '../ui/Pager';
import { Highlight } from './Highlight';
import { searchMessages } from './messages';
import { findMessages, searchKeys } from './queries';

const PAGE_SIZE = 20;

/** One page of the matches for `query`, newest first, each linking to its conversation. */
export function SearchResults({
  query,
  offset,
  onOffset,
}: {
  query: string;
  offset: number;
  onOffset: (offset: number) => void;
}) {
  const t = useT(searchMessages);
  const api = useApi();
  const results = useQuery({
    queryKey: searchKeys.results(query, offset),
    queryFn: () => findMessages(api, { q: query, limit: PAGE_SIZE, offset }),
    placeholderData: keepPreviousData,
  });
  if (results.isPending) return <Loading />;
  if (results.isError) return <ErrorNotice error={results.error} onRetry={() => void results.refetch()} />;
  const { total, results: found } = results.data;
  if (total === 0) return <Empty>{t('noResults', { q: query })}</Empty>;
  return (
    <section className="stack" aria-label={t('results')}>
      <p className="muted" aria-live="polite">
        {t('total', { total })}
      </p>
      <ol className="list">
        {found.map((result) => (
          <SearchResultItem key={result.message_id} result={result} keyword={query} />
        ))}
      </ol>
      <Pager
        page={Math.floor(offset / PAGE_SIZE) + 1}
        pageSize={PAGE_SIZE}
        total={total}
        onPage={(page) => onOffset((page - 1) * PAGE_SIZE)}
      />
    </section>
  );
}

function SearchResultItem({ result, keyword }: { result: MessageSearchResult; keyword: string }) {
  const t = useT(searchMessages);
  const { locale } = useLocale();
  return (
    <li className="card search-result" data-role={result.role}>
      <div className="row search-result-meta">
        <Link to={`/chat/${encodeURIComponent(result.session_id)}`} className="search-result-title">
          {result.session_title || t('untitled')}
        </Link>
        <span className="badge">{t(`role_${result.role}`)}</span>
        <time className="muted" dateTime={new Date(result.created_at).toISOString()}>
          {formatDateTime(result.created_at, locale)}
        </time>
      </div>
      <p className="search-result-content">
        <Highlight text={result.content} keyword={keyword} />
      </p>
    </li>
  );
}
