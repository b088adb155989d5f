import type { Briefing } from '@cyrene/sdk';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { briefingsMessages } from './messages';

const STATUS_LABEL: Record<Briefing['status'], 'statusPending' | 'statusGenerated' | 'statusDelivered'> = {
  pending: 'statusPending',
  generated: 'statusGenerated',
  delivered: 'statusDelivered',
};

/** A briefing's parts: summary (and where it came from), weather, news and the day's reminders. */
export function BriefingView({ briefing }: { briefing: Briefing }) {
  const t = useT(briefingsMessages);
  const { locale } = useLocale();
  return (
    <article className="stack briefings-view" data-briefing-id={briefing.id}>
      <div className="row muted briefings-meta">
        <span className="badge badge-accent">{t(STATUS_LABEL[briefing.status])}</span>
        <span className="badge">
          {briefing.summary_source === 'ai' ? t('sourceAi') : t('sourceFallback')}
        </span>
        {briefing.generated_at && (
          <span>{t('generatedAt', { time: formatDateTime(briefing.generated_at, locale) })}</span>
        )}
      </div>
      <section aria-label={t('summary')}>
        <h3>{t('summary')}</h3>
        <p className="briefings-summary">{briefing.summary}</p>
      </section>
      <section aria-label={t('weather')}>
        <h3>{t('weather')}</h3>
        {briefing.weather ? (
          <p className="briefings-weather">
            <span aria-hidden="true">{briefing.weather.icon}</span> {briefing.weather.location} ·{' '}
            {briefing.weather.temp}°C · {briefing.weather.condition}
          </p>
        ) : (
          <p className="muted briefings-none">{t('noWeather')}</p>
        )}
      </section>
      <section aria-label={t('news')}>
        <h3>{t('news')}</h3>
        {briefing.news.length === 0 ? (
          <p className="muted briefings-none">{t('noNews')}</p>
        ) : (
          <ul className="list">
            {briefing.news.map((item) => (
              <li key={item.url || item.title}>
                {/* The contract allows an empty url: then there is nothing to link to. */}
                {item.url ? (
                  <a href={item.url} target="_blank" rel="noreferrer">
                    {item.title}
                  </a>
                ) : (
                  item.title
                )}{' '}
                <span className="muted">· {item.source}</span>
                {item.summary && <p className="briefings-news-summary">{item.summary}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label={t('reminders')}>
        <h3>{t('reminders')}</h3>
        {briefing.reminders.length === 0 ? (
          <p className="muted briefings-none">{t('noReminders')}</p>
        ) : (
          <ul className="list">
            {briefing.reminders.map((reminder) => (
              <li key={reminder.id}>
                <time dateTime={reminder.remind_at}>{formatDateTime(reminder.remind_at, locale)}</time>{' '}
                {reminder.title}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
