import { ANALYZABLE_IMAGE_MIME_TYPES, type StoredFile } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/client';
import { formatBytes, formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { Button, ConfirmButton } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { saveBlob } from '../ui/save-blob';
import { useToast } from '../ui/toasts';
import { ImageAnalysisDialog } from './ImageAnalysisDialog';
import { filesMessages } from './messages';
import { deleteFile, fileKeys } from './queries';
import { Thumbnail } from './Thumbnail';

const ANALYZABLE: readonly string[] = ANALYZABLE_IMAGE_MIME_TYPES;

/** One stored file: thumbnail, facts, and what can be done with it. */
export function FileCard({ file }: { file: StoredFile }) {
  const t = useT(filesMessages);
  const { locale } = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [analyzing, setAnalyzing] = useState(false);

  const download = useMutation({
    mutationFn: async () => {
      const { blob, filename } = await api.downloadFile(file.id);
      saveBlob(blob, filename ?? file.filename);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteFile(api, file.id),
    onSuccess: async () => {
      toast({ title: t('deleted', { name: file.filename }), kind: 'success' });
      await queryClient.invalidateQueries({ queryKey: fileKeys.all });
    },
  });

  return (
    <li className="card files-card" data-file-id={file.id} aria-labelledby={`file-${file.id}`}>
      <Thumbnail file={file} />
      <div className="files-card-body">
        <h3 className="files-name" id={`file-${file.id}`} title={file.filename}>
          {file.filename}
        </h3>
        <p className="muted files-meta">
          <span className="badge">{file.mime_type}</span> {formatBytes(file.size)} ·{' '}
          {formatDateTime(file.created_at, locale)}
        </p>
        <details className="files-details">
          <summary>{t('details')}</summary>
          <dl className="files-facts">
            <dt>{t('mime')}</dt>
            <dd>{file.mime_type}</dd>
            <dt>{t('size')}</dt>
            <dd>
              {formatBytes(file.size)} ({file.size} B)
            </dd>
            <dt>{t('created')}</dt>
            <dd>{formatDateTime(file.created_at, locale)}</dd>
            <dt>{t('hash')}</dt>
            <dd>
              <code className="files-hash">{file.hash}</code>
            </dd>
          </dl>
        </details>
        <div className="row files-actions">
          <Button small busy={download.isPending} onClick={() => download.mutate()}>
            {t('download')}
          </Button>
          {ANALYZABLE.includes(file.mime_type) && (
            <Button small onClick={() => setAnalyzing(true)}>
              {t('analyze')}
            </Button>
          )}
          <ConfirmButton small busy={remove.isPending} onConfirm={() => remove.mutate()}>
            {t('delete')}
          </ConfirmButton>
        </div>
        <ErrorNotice error={download.error ?? remove.error} />
      </div>
      {analyzing && <ImageAnalysisDialog file={file} open onClose={() => setAnalyzing(false)} />}
    </li>
  );
}
