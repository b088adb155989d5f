import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useT } from '../i18n/messages';
import { uiMessages } from './messages';

/**
 * A modal on the browser's own `<dialog>`: focus moves in and is kept there, Escape closes it,
 * and focus returns to where it was.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
}) {
  const t = useT(uiMessages);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" onClose={onClose} aria-labelledby={titleId}>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="button button-ghost button-small"
          onClick={onClose}
          aria-label={t('close')}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      {open && children}
    </dialog>
  );
}
