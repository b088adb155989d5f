import { type ModelProvider, type SaveModelProviderBody, unwrap } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../../api/client';
import { useT } from '../../i18n/messages';
import { Button } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { Field } from '../../ui/Field';
import { useToast } from '../../ui/toasts';
import { adminKeys } from '../query-keys';
import { modelsMessages } from './messages';

/**
 * Creates a provider, or edits `existing`. The gateway keeps the stored key when `api_key` is
 * omitted and removes it when it is "", so an empty key box on edit means "keep", and removing
 * the key is its own checkbox. The typed key lives only in this form, which unmounts on save.
 */
export function ProviderForm({ existing, onDone }: { existing?: ModelProvider; onDone: () => void }) {
  const t = useT(modelsMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(existing?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(existing?.base_url ?? '');
  const [apiKey, setApiKey] = useState('');
  const [clearKey, setClearKey] = useState(false);

  const save = useMutation({
    mutationFn: async () => {
      const body: SaveModelProviderBody = { base_url: baseUrl.trim() };
      if (clearKey) body.api_key = '';
      else if (apiKey !== '') body.api_key = apiKey;
      return unwrap(await api.rest.admin.saveModelProvider({ params: { name: name.trim() }, body }), 200);
    },
    onSuccess: async (saved) => {
      setApiKey('');
      await queryClient.invalidateQueries({ queryKey: adminKeys.providers });
      toast({ title: t('saved', { name: saved.name }), kind: 'success' });
      onDone();
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  const keyHint = !existing
    ? t('apiKeyNewHint')
    : existing.api_key
      ? t('apiKeyKeepHint', { masked: existing.api_key })
      : t('apiKeyKeepNoneHint');

  return (
    <form className="stack" onSubmit={onSubmit}>
      <Field label={t('name')} hint={existing ? undefined : t('nameHint')}>
        <input
          required
          readOnly={Boolean(existing)}
          pattern="[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field label={t('baseUrl')} hint={t('baseUrlHint')}>
        <input type="url" required value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
      </Field>
      <Field label={t('apiKey')} hint={keyHint}>
        <input
          type="password"
          autoComplete="off"
          disabled={clearKey}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
      </Field>
      {existing?.api_key && (
        <label className="row">
          <input
            type="checkbox"
            checked={clearKey}
            onChange={(e) => {
              setClearKey(e.target.checked);
              setApiKey('');
            }}
          />
          {t('clearKey')}
        </label>
      )}
      <ErrorNotice error={save.error} />
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {t('save')}
        </Button>
      </div>
    </form>
  );
}
