import { type ReactNode, useEffect, useRef } from 'react';
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
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      onClose={onClose}
      aria-label={typeof title === 'string' ? title : undefined}
    >
      <header className="dialog-header">
        <h2>{title}</h2>
        <button
          type="button"
          className="button button-ghost button-small"
          onClick={onClose}
          aria-label={t('close')}
        >
          ✕
        </button>
      </header>
      {open && children}
    </dialog>
  );
}
