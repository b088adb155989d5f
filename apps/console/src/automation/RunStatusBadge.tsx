import type { RuleRunStatus } from '@cyrene/sdk';
import { useLocale } from '../i18n/locale';
import { RUN_STATUS_LABELS } from './labels';

const TONE: Record<RuleRunStatus, string> = {
  queued: 'badge',
  running: 'badge badge-accent',
  succeeded: 'badge badge-success',
  failed: 'badge badge-danger',
  refused: 'badge badge-danger',
  cancelled: 'badge',
};

export function RunStatusBadge({ status }: { status: RuleRunStatus }) {
  const { locale } = useLocale();
  return (
    <span className={TONE[status]} data-status={status}>
      {RUN_STATUS_LABELS[status][locale]}
    </span>
  );
}
