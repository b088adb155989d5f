import { useT } from '../i18n/messages';
import { PageHeader } from '../ui/PageHeader';
import { BriefingSettingsCard } from './BriefingSettingsCard';
import { LatestBriefings } from './LatestBriefings';
import { briefingsMessages } from './messages';
import { TodayBriefing } from './TodayBriefing';
import './briefings.css';

/** /briefings: today's briefing, generating one now, the recent ones, and the daily schedule. */
export function BriefingsPage() {
  const t = useT(briefingsMessages);
  return (
    <section className="stack">
      <PageHeader title={t('title')}>
        <p className="muted">{t('intro')}</p>
      </PageHeader>
      <TodayBriefing />
      <BriefingSettingsCard />
      <LatestBriefings />
    </section>
  );
}
