import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { chatMessages } from './messages';

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ disabled, onSend }: { disabled: boolean; onSend: (text: string) => void }) {
  const t = useT(chatMessages);
  const [text, setText] = useState('');
  const empty = text.trim() === '';

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (empty || disabled) return;
    onSend(text.trim());
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // An IME's Enter confirms the composition; it must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="chat-composer" onSubmit={submit}>
      <textarea
        className="chat-composer-input"
        aria-label={t('messageLabel')}
        placeholder={t('messagePlaceholder')}
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <Button type="submit" variant="primary" disabled={empty || disabled}>
        {t('send')}
      </Button>
    </form>
  );
}
