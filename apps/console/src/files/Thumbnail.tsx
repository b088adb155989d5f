import type { StoredFile } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { filesMessages } from './messages';
import { useObjectUrl } from './useObjectUrl';

/** A glyph for files without a thumbnail, by the kind of content. */
function kindIcon(mime: string): string {
  if (mime.startsWith('image/')) return '🖼️';
  if (mime.startsWith('audio/')) return '🎵';
  if (mime.startsWith('video/')) return '🎬';
  if (mime === 'application/pdf') return '📕';
  if (mime.startsWith('text/')) return '📄';
  return '📎';
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
    queryKey: ['file-thumbnail', file.id],
    queryFn: async () => (await api.downloadThumbnail(file.id)).blob,
    enabled: hasThumbnail,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const url = useObjectUrl(thumbnail.data);
  return (
    <div className="files-thumb" aria-busy={hasThumbnail && !url ? true : undefined}>
      {url ? (
        <img src={url} alt={t('thumbnailOf', { name: file.filename })} />
      ) : (
        <span className="files-thumb-icon" aria-hidden="true">
          {kindIcon(file.mime_type)}
        </span>
      )}
    </div>
  );
}
