import { MAX_UPLOAD_BYTES } from '@cyrene/sdk';
import { formatBytes } from '../i18n/format';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { filesMessages } from './messages';
import type { Upload } from './useUploads';

/** Each upload with its progress bar, then its outcome: stored, refused here, or the gateway's error. */
export function UploadList({ uploads, onClear }: { uploads: Upload[]; onClear: () => void }) {
  const t = useT(filesMessages);
  if (uploads.length === 0) return null;
  const anyFinished = uploads.some((u) => u.state.phase !== 'uploading');
  return (
    <section className="stack" aria-label={t('uploads')}>
      <ul className="list">
        {uploads.map((upload) => (
          <UploadRow key={upload.key} upload={upload} />
        ))}
      </ul>
      {anyFinished && (
        <div className="row">
          <Button small onClick={onClear}>
            {t('clearFinished')}
          </Button>
        </div>
      )}
    </section>
  );
}

function UploadRow({ upload }: { upload: Upload }) {
  const t = useT(filesMessages);
  const { state } = upload;
  return (
    <li className={`files-upload files-upload-${state.phase}`} data-upload={upload.name}>
      <div className="files-upload-head">
        <span className="files-upload-name">{upload.name}</span>
        <span className="muted">{formatBytes(upload.size)}</span>
      </div>
      {state.phase !== 'tooLarge' && (
        <progress
          className="files-progress"
          aria-label={t('progressOf', { name: upload.name })}
          max={Math.max(upload.total, 1)}
          value={state.phase === 'done' ? Math.max(upload.total, 1) : upload.loaded}
        />
      )}
      {state.phase === 'uploading' && <span className="muted">{t('uploading')}</span>}
      {state.phase === 'done' && <span className="files-upload-ok">{t('uploaded')}</span>}
      {state.phase === 'tooLarge' && (
        <p className="notice notice-error" role="alert">
          {t('tooLarge', { size: formatBytes(upload.size), max: formatBytes(MAX_UPLOAD_BYTES) })}
        </p>
      )}
      {state.phase === 'failed' && <ErrorNotice error={state.error} />}
    </li>
  );
}
