import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { AddMemoryForm } from './AddMemoryForm';
import { MemoryItem } from './MemoryItem';
import { memoryMessages } from './messages';
import './memory.css';
import { findMemories, memoryKeys } from './queries';

/** /memory: every memory, or those matching a search, and a form to add one. */
export function MemoryPage() {
  const t = useT(memoryMessages);
  const api = useApi();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');

  const memories = useQuery({
    queryKey: memoryKeys.search(q),
    queryFn: () => findMemories(api, q),
  });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setQ(draft.trim());
  };

  return (
    <section className="stack">
      <PageHeader title={t('title')}>
        <p className="muted">{t('intro')}</p>
      </PageHeader>
      <AddMemoryForm />
      <search>
        <form className="row memory-search" onSubmit={onSearch}>
          <input
            type="search"
            aria-label={t('search')}
            placeholder={t('search')}
            maxLength={1000}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <Button type="submit">{t('searchButton')}</Button>
          {q && (
            <Button
              variant="ghost"
              onClick={() => {
                setDraft('');
                setQ('');
              }}
            >
              {t('clear')}
            </Button>
          )}
        </form>
      </search>
      {memories.isPending ? (
        <Loading />
      ) : memories.isError ? (
        <ErrorNotice error={memories.error} onRetry={() => memories.refetch()} />
      ) : (
        <>
          <p className="muted">
            {q
              ? t('resultsFor', { q, count: memories.data.total })
              : t('total', { count: memories.data.total })}
          </p>
          {memories.data.memories.length === 0 ? (
            <Empty>{q ? t('noResults') : t('empty')}</Empty>
          ) : (
            <ul className="list">
              {memories.data.memories.map((memory) => (
                <MemoryItem key={memory.id} memory={memory} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
