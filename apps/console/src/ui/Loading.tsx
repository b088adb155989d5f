import type { ReactNode } from 'react';
import { useT } from '../i18n/messages';
import { uiMessages } from './messages';

/** A quiet placeholder of a fixed height, so content arriving does not push the page around. */
export function Loading({ label, lines = 3 }: { label?: string; lines?: number }) {
  const t = useT(uiMessages);
  return (
    <div className="loading" role="status" aria-live="polite" aria-busy="true">
      <span className="visually-hidden">{label ?? t('loading')}</span>
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder lines have no identity
        <div key={i} className="skeleton-line" />
      ))}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const t = useT(uiMessages);
  return <p className="empty">{children ?? t('empty')}</p>;
}
