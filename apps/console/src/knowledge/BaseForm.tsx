import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { knowledgeMessages } from './messages';

export interface BaseDraft {
  name: string;
  description: string;
}

/** Name and description of a knowledge base, for creating and for editing. */
export function BaseForm({
  initial = { name: '', description: '' },
  submitLabel,
  busy,
  error,
  onSubmit,
}: {
  initial?: BaseDraft;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (draft: BaseDraft) => void;
}) {
  const t = useT(knowledgeMessages);
  const [draft, setDraft] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ name: draft.name.trim(), description: draft.description.trim() });
  };
  return (
    <form className="stack" onSubmit={submit}>
      <Field label={t('name')}>
        <input
          required
          maxLength={100}
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
      </Field>
      <Field label={t('description')}>
        <textarea
          maxLength={2000}
          rows={3}
          value={draft.description}
          onChange={(e) => setDraft({ ...draft, description: e.target.value })}
        />
      </Field>
      <ErrorNotice error={error} />
      <div className="row">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
