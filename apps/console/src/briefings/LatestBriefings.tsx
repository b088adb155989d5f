import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { BriefingView } from './BriefingView';
import { briefingsMessages } from './messages';
import { briefingKeys, listLatestBriefings } from './queries';

/** The last week of briefings, newest first, each folded open on demand. */
export function LatestBriefings() {
  const t = useT(briefingsMessages);
  const api = useApi();
  const latest = useQuery({
    queryKey: briefingKeys.latest,
    queryFn: () => listLatestBriefings(api, 7),
  });
  return (
    <section className="card stack" aria-labelledby="briefings-latest-heading">
      <h2 id="briefings-latest-heading" className="briefings-card-title">
        {t('latest')}
      </h2>
      {latest.isPending ? (
        <Loading />
      ) : latest.isError ? (
        <ErrorNotice error={latest.error} onRetry={() => latest.refetch()} />
      ) : latest.data.briefings.length === 0 ? (
        <Empty>{t('noLatest')}</Empty>
      ) : (
        <ul className="list">
          {latest.data.briefings.map((briefing) => (
            <li key={briefing.id}>
              <details className="briefings-details">
                <summary>{t('briefingFor', { date: briefing.date })}</summary>
                <BriefingView briefing={briefing} />
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
