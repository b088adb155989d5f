import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { useT } from '../i18n/messages';
import { uiMessages } from './messages';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';

export interface ToastInput {
  title: string;
  body?: string;
  kind?: ToastKind;
}

interface Toast extends Required<Omit<ToastInput, 'body'>> {
  id: number;
  body?: string;
}

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

const SHOWN_MS = 6000;

/** Short-lived messages in a polite live region (read out by screen readers), newest last. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useT(uiMessages);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (input: ToastInput) => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-4), { kind: 'info', ...input, id }]);
      setTimeout(() => dismiss(id), SHOWN_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <section className="toasts" aria-live="polite" aria-label={t('toasts')}>
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind}`} role="status">
            <div>
              <strong>{toast.title}</strong>
              {toast.body && <p>{toast.body}</p>}
            </div>
            <button
              type="button"
              className="button button-ghost button-small"
              onClick={() => dismiss(toast.id)}
              aria-label={t('dismiss')}
            >
              <span aria-hidden="true">✕</span>
            </button>
          </div>
        ))}
      </section>
    </ToastContext.Provider>
  );
}

export function useToast(): (toast: ToastInput) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast outside ToastProvider');
  return show;
}
