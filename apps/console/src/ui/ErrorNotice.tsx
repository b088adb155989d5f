import { ChatError, GatewayError } from '@cyrene/sdk';
import { useT } from '../i18n/messages';
import { uiMessages } from './messages';

/**
 * An error in words: the gateway's own `error` and `hint` (the spec's texts, as they came), a
 * network failure as such, anything else by its message.
 */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT(uiMessages);
  if (!error) return null;
  const { message, hint, requestId } = describeError(error, t('offline'));
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{message}</p>
      {hint && <p className="notice-hint">{hint}</p>}
      {requestId && <p className="notice-meta">{t('requestId', { id: requestId })}</p>}
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

export interface DescribedError {
  message: string;
  hint?: string;
  requestId?: string;
}

/** What to tell a person about `error`; `offline` is the text for a request that never got an answer. */
export function describeError(error: unknown, offline: string): DescribedError {
  if (error instanceof GatewayError)
    return { message: error.message, hint: error.hint, requestId: error.requestId };
  if (error instanceof ChatError) return { message: error.message };
  // fetch() rejects with a TypeError when the gateway cannot be reached at all.
  if (error instanceof TypeError) return { message: offline };
  return { message: error instanceof Error ? error.message : String(error) };
}
