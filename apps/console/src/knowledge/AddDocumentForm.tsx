import type { AddKnowledgeDocumentBody, KnowledgeSourceType } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useToast } from '../ui/toasts';
import { knowledgeMessages } from './messages';
import { addKnowledgeDocument, knowledgeKeys } from './queries';
import { TextFilePicker } from './TextFilePicker';

const SOURCES: KnowledgeSourceType[] = ['text', 'file', 'url'];

/** Adds a document to knowledge base `kbId` from text, from one of the caller's files, or from a URL. */
export function AddDocumentForm({ kbId }: { kbId: string }) {
  const t = useT(knowledgeMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [source, setSource] = useState<KnowledgeSourceType>('text');
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [url, setUrl] = useState('');
  const [fileId, setFileId] = useState('');

  const add = useMutation({
    mutationFn: (body: AddKnowledgeDocumentBody) => addKnowledgeDocument(api, kbId, body),
    onSuccess: async (document) => {
      toast({ title: t('documentAdded', { title: document.title }), kind: 'success' });
      setTitle('');
      setContent('');
      setUrl('');
      setFileId('');
      await queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const base = { title: title.trim(), source_type: source };
    if (source === 'text') add.mutate({ ...base, content });
    if (source === 'file') add.mutate({ ...base, file_id: fileId });
    if (source === 'url') add.mutate({ ...base, url: url.trim() });
  };

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="knowledge-add-title">
      <h2 id="knowledge-add-title" className="knowledge-section-title">
        {t('addDocument')}
      </h2>
      <fieldset className="knowledge-sources">
        <legend>{t('sourceType')}</legend>
        {SOURCES.map((kind) => (
          <label key={kind} className="knowledge-check">
            <input
              type="radio"
              name="knowledge-source"
              value={kind}
              checked={source === kind}
              onChange={() => setSource(kind)}
            />
            {t(`source_${kind}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('docTitle')}>
        <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      {source === 'text' && (
        <Field label={t('content')}>
          <textarea required rows={6} value={content} onChange={(e) => setContent(e.target.value)} />
        </Field>
      )}
      {source === 'url' && (
        <Field label={t('url')} hint={t('urlHint')}>
          <input
            type="url"
            required
            pattern="https?://.+"
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </Field>
      )}
      {source === 'file' && (
        <TextFilePicker
          value={fileId}
          onChange={(id, filename) => {
            setFileId(id);
            if (!title.trim() && filename) setTitle(filename);
          }}
        />
      )}
      <ErrorNotice error={add.error} />
      <div className="row">
        <Button type="submit" variant="primary" busy={add.isPending}>
          {t('add')}
        </Button>
      </div>
    </form>
  );
}
