import type { StoredFile } from '@cyrene/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useApi } from '../api/client';
import { fileKeys, listFiles } from '../files/queries';
import { formatBytes } from '../i18n/format';
import { useT } from '../i18n/messages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { Loading } from '../ui/Loading';
import { knowledgeMessages } from './messages';

/** What the gateway can read into a document (the spec: text types and application/json only). */
const isReadable = (file: StoredFile) =>
  file.mime_type.startsWith('text/') || file.mime_type === 'application/json';

/** Picks one of the caller's text files, or uploads one on the spot and picks it. */
export function TextFilePicker({
  value,
  onChange,
}: {
  value: string;
  onChange: (fileId: string, filename?: string) => void;
}) {
  const t = useT(knowledgeMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const uploadId = useId();
  // The largest page the API gives: the text files are picked from the newest hundred.
  const files = useQuery({
    queryKey: fileKeys.textPicker,
    queryFn: () => listFiles(api, { page: 1, limit: 100 }),
  });
  const upload = useMutation({
    mutationFn: (file: File) =>
      api.uploadFile(file, { filename: file.name, contentType: file.type || undefined }),
    onSuccess: async (stored) => {
      await queryClient.invalidateQueries({ queryKey: fileKeys.all });
      onChange(stored.id, stored.filename);
    },
  });

  if (files.isPending) return <Loading lines={1} />;
  if (files.isError) return <ErrorNotice error={files.error} onRetry={() => void files.refetch()} />;
  const readable = files.data.files.filter(isReadable);
  return (
    <div className="stack">
      <Field label={t('pickFile')} hint={readable.length === 0 ? t('noTextFiles') : t('fileHint')}>
        <select
          required
          value={value}
          onChange={(e) =>
            onChange(e.target.value, readable.find((file) => file.id === e.target.value)?.filename)
          }
        >
          <option value="">{t('pickFileNone')}</option>
          {readable.map((file) => (
            <option key={file.id} value={file.id}>
              {file.filename} ({formatBytes(file.size)})
            </option>
          ))}
        </select>
      </Field>
      <div className="field">
        <label htmlFor={uploadId}>{t('uploadHere')}</label>
        <input
          id={uploadId}
          type="file"
          accept="text/*,.txt,.md,.markdown,application/json,.json"
          disabled={upload.isPending}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) upload.mutate(file);
          }}
        />
      </div>
      {upload.isPending && <Loading lines={1} />}
      <ErrorNotice error={upload.error} />
    </div>
  );
}
