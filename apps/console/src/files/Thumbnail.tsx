import type { StoredFile } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { File, FileAudio, FileImage, FileText, FileVideo, type LucideIcon } from 'lucide-react';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { filesMessages } from './messages';
import { fileKeys } from './queries';
import { useObjectUrl } from './useObjectUrl';

/** An icon for files without a thumbnail, by the kind of content. */
function kindIcon(mime: string): LucideIcon {
  if (mime.startsWith('image/')) return FileImage;
  if (mime.startsWith('audio/')) return FileAudio;
  if (mime.startsWith('video/')) return FileVideo;
  if (mime.startsWith('text/') || mime === 'application/pdf') return FileText;
  return File;
}

/**
 * The thumbnail in a box of fixed size (nothing moves while it loads). The route needs the bearer
 * token, so the image is fetched by the client and shown from a blob: URL.
 */
export function Thumbnail({ file }: { file: StoredFile }) {
  const t = useT(filesMessages);
  const api = useApi();
  const hasThumbnail = Boolean(file.thumbnail_url);
  const thumbnail = useQuery({
    queryKey: fileKeys.thumbnail(file.id),
    queryFn: async () => (await api.downloadThumbnail(file.id)).blob,
    enabled: hasThumbnail,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const url = useObjectUrl(thumbnail.data);
  const KindIcon = kindIcon(file.mime_type);
  return (
    <div className="files-thumb" aria-busy={hasThumbnail && !url ? true : undefined}>
      {url ? (
        <img src={url} alt={t('thumbnailOf', { name: file.filename })} />
      ) : (
        <KindIcon className="files-thumb-icon" aria-hidden="true" size={48} strokeWidth={1.5} />
      )}
    </div>
  );
}
