import type { MessageRole } from '@cyrene/sdk';
import type { ReactNode } from 'react';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { Markdown } from './Markdown';
import { chatMessages } from './messages';

const ROLE_LABEL = {
  user: 'roleUser',
  assistant: 'roleAssistant',
  system: 'roleSystem',
  action: 'roleAction',
} as const;

/** One message of the conversation; `data-role`/`data-message-id` are what other areas' tests look for. */
export function MessageBubble({
  from: role,
  messageId,
  text,
  at,
  live,
  children,
}: {
  /** Who wrote it (the message's role). */
  from: MessageRole;
  messageId?: string;
  text: string;
  at: number;
  /** Still streaming: marked busy for assistive technology. */
  live?: boolean;
  /** Shown under the text (typing state, an error, …). */
  children?: ReactNode;
}) {
  const t = useT(chatMessages);
  const { locale } = useLocale();
  return (
    <article
      className={`chat-message chat-message-${role}${live ? ' chat-message-live' : ''}`}
      data-role={role}
      data-message-id={messageId}
      aria-busy={live || undefined}
    >
      <header className="chat-message-meta">
        <span className="chat-message-author">{t(ROLE_LABEL[role])}</span>
        <time dateTime={new Date(at).toISOString()}>{formatDateTime(at, locale)}</time>
      </header>
      {text !== '' && <Markdown text={text} />}
      {children}
    </article>
  );
}
