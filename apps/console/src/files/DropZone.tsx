import { MAX_UPLOAD_BYTES } from '@cyrene/sdk';
import { Upload } from 'lucide-react';
import { type DragEvent, useId, useState } from 'react';
import { formatBytes } from '../i18n/format';
import { useT } from '../i18n/messages';
import { filesMessages } from './messages';

/** Files dropped onto the zone or chosen with the (keyboard-reachable) file input. */
export function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const t = useT(filesMessages);
  const inputId = useId();
  const [over, setOver] = useState(false);

  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    // Dropping is a pointer convenience; the keyboard's way in is the file input inside.
    // biome-ignore lint/a11y/noStaticElementInteractions: see above
    <section
      className={over ? 'files-drop files-drop-over' : 'files-drop'}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p className="files-drop-text">
        <Upload aria-hidden="true" size={18} /> {t('dropHere')}{' '}
        <input
          id={inputId}
          type="file"
          className="files-input visually-hidden"
          multiple
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            // Cleared so choosing the same file again still fires a change.
            e.target.value = '';
            if (files.length > 0) onFiles(files);
          }}
        />
        <label htmlFor={inputId} className="button button-primary button-small files-choose">
          {t('chooseFiles')}
        </label>
      </p>
      <p className="muted files-drop-hint">{t('dropHint', { max: formatBytes(MAX_UPLOAD_BYTES) })}</p>
    </section>
  );
}
