import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import { memoryMessages } from './messages';
import { createMemory, memoryKeys } from './queries';

/** POST /memory: content, a free-form category ("other" by default) and a priority 1-10. */
export function AddMemoryForm() {
  const t = useT(memoryMessages);
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [content, setContent] = useState('');
  const [category, setCategory] = useState('other');
  const [priority, setPriority] = useState(5);

  const add = useMutation({
    mutationFn: () => createMemory(api, { content, category, priority }),
    onSuccess: () => {
      toast({ title: t('added'), kind: 'success' });
      setContent('');
      void queryClient.invalidateQueries({ queryKey: memoryKeys.all });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };

  return (
    <section className="card stack" aria-labelledby="memory-add-heading">
      <h2 id="memory-add-heading" className="memory-card-title">
        {t('add')}
      </h2>
      <form className="stack" onSubmit={onSubmit}>
        <Field label={t('content')}>
          <textarea required maxLength={10000} value={content} onChange={(e) => setContent(e.target.value)} />
        </Field>
        <div className="memory-fields">
          <Field label={t('category')}>
            <input required maxLength={32} value={category} onChange={(e) => setCategory(e.target.value)} />
          </Field>
          <Field label={t('priority')}>
            <input
              type="number"
              required
              min={1}
              max={10}
              step={1}
              value={priority}
              onChange={(e) => setPriority(e.target.valueAsNumber)}
            />
          </Field>
        </div>
        <ErrorNotice error={add.error} />
        <div className="row">
          <Button type="submit" variant="primary" busy={add.isPending}>
            {t('save')}
          </Button>
        </div>
      </form>
    </section>
  );
}
