import { useSearchParams } from 'react-router';
import { useT } from '../i18n/messages';
import { Empty } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { searchMessages } from './messages';
import { SearchForm } from './SearchForm';
import { SearchResults } from './SearchResults';
import './search.css';

/** Full-text search over the caller's messages; the keyword and the page live in the URL (?q=&offset=). */
export function SearchPage() {
  const t = useT(searchMessages);
  const [params, setParams] = useSearchParams();
  const query = params.get('q')?.trim() ?? '';
  const offset = Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0);

  const go = (q: string, nextOffset = 0) => {
    const next = new URLSearchParams();
    if (q) next.set('q', q);
    if (nextOffset > 0) next.set('offset', String(nextOffset));
    setParams(next);
  };

  return (
    <section className="stack">
      <PageHeader title={t('title')}>
        <p>{t('subtitle')}</p>
      </PageHeader>
      <SearchForm query={query} onSearch={(q) => go(q)} />
      {query ? (
        <SearchResults query={query} offset={offset} onOffset={(o) => go(query, o)} />
      ) : (
        <Empty>{t('prompt')}</Empty>
      )}
    </section>
  );
}
