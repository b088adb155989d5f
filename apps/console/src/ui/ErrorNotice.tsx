import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { describeError } from './gateway-errors';
import { uiMessages } from './messages';

/**
 * An error in words, in the reader's language (see gateway-errors.ts): the gateway's errorType,
 * a network failure as such, anything else by its message.
 */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT(uiMessages);
  const { locale } = useLocale();
  if (!error) return null;
  const { message, hint, requestId } = describeError(error, locale);
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
