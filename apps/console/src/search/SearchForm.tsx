import { type FormEvent, useEffect, useState } from 'react';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { searchMessages } from './messages';

/** The keyword box; a native form, so Enter submits. It follows the URL when back/forward changes it. */
export function SearchForm({ query, onSearch }: { query: string; onSearch: (q: string) => void }) {
  const t = useT(searchMessages);
  const [draft, setDraft] = useState(query);
  useEffect(() => setDraft(query), [query]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(draft.trim());
  };
  return (
    <search>
      <form className="search-form" onSubmit={submit}>
        <input
          type="search"
          aria-label={t('keyword')}
          placeholder={t('placeholder')}
          maxLength={200}
          required
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button type="submit" variant="primary">
          {t('submit')}
        </Button>
      </form>
    </search>
  );
}
