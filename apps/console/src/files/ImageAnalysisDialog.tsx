import type { ImageAnalysis, StoredFile } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { formatBytes } from '../i18n/format';
import { useT } from '../i18n/messages';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { filesMessages } from './messages';
import { fileKeys, getImageAnalysis } from './queries';

export function ImageAnalysisDialog({
  file,
  open,
  onClose,
}: {
  file: StoredFile;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT(filesMessages);
  return (
    <Dialog open={open} onClose={onClose} title={t('analysisTitle', { name: file.filename })}>
      <AnalysisBody fileId={file.id} />
    </Dialog>
  );
}

/** Mounted only while the dialog is open, so the analysis is asked for when wanted. */
function AnalysisBody({ fileId }: { fileId: string }) {
  const api = useApi();
  const analysis = useQuery({
    queryKey: fileKeys.imageAnalysis(fileId),
    queryFn: () => getImageAnalysis(api, fileId),
  });
  if (analysis.isPending) return <Loading lines={5} />;
  if (analysis.isError) return <ErrorNotice error={analysis.error} onRetry={() => void analysis.refetch()} />;
  return <AnalysisFacts analysis={analysis.data} />;
}

function AnalysisFacts({ analysis }: { analysis: ImageAnalysis }) {
  const t = useT(filesMessages);
  return (
    <div className="stack">
      <dl className="files-facts">
        <dt>{t('description')}</dt>
        <dd>{analysis.description}</dd>
        <dt>{t('format')}</dt>
        <dd>{analysis.format}</dd>
        <dt>{t('dimensions')}</dt>
        <dd>
          {analysis.width} × {analysis.height} · {formatBytes(analysis.file_size)}
        </dd>
        <dt>{t('analyzedBy')}</dt>
        <dd>
          <span className="badge">{t(`analyzedBy_${analysis.analyzed_by}`)}</span>
        </dd>
      </dl>
      <h3 className="files-subtitle">{t('colors')}</h3>
      <ul className="files-swatches">
        {analysis.top_colors.map((color) => (
          <li key={color.hex} className="files-swatch-item">
            {/* A style property set through the DOM, which the page's CSP allows (no inline <style>). */}
            <span className="files-swatch" style={{ background: color.hex }} aria-hidden="true" />
            <code>{color.hex}</code>
            <span className="muted">{color.percent}%</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
