import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import type { LiveTurn } from './live-turns';
import { MessageBubble } from './MessageBubble';
import { chatMessages } from './messages';

/** A reply on its way: the question (when asked here) and the answer as far as it got. */
export function LiveTurnView({ turn, onRetry }: { turn: LiveTurn; onRetry: (turn: LiveTurn) => void }) {
  const t = useT(chatMessages);
  const typing = turn.status === 'waiting' || (turn.status === 'streaming' && turn.text === '');
  return (
    <>
      {turn.question !== undefined && <MessageBubble from="user" text={turn.question} at={turn.askedAt} />}
      <MessageBubble
        from="assistant"
        messageId={turn.messageId}
        text={turn.text}
        at={turn.askedAt}
        live={turn.status === 'waiting' || turn.status === 'streaming'}
      >
        {typing && (
          <p className="chat-typing" role="status">
            <span className="chat-typing-dots" aria-hidden="true" />
            {t('typing')}
          </p>
        )}
        {turn.interrupted && <p className="chat-note">{t('interrupted')}</p>}
        {turn.status === 'failed' && (
          <div className="chat-error" role="alert">
            <p>{turn.error}</p>
            {turn.question !== undefined && (
              <Button small onClick={() => onRetry(turn)}>
                {t('retry')}
              </Button>
            )}
          </div>
        )}
      </MessageBubble>
    </>
  );
}
