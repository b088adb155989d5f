import { type RuleRun, unwrap } from '@cyrene/sdk';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { Pager } from '../ui/Pager';
import { ACTION_LABELS, RUN_TRIGGER_LABELS, STEP_STATUS_LABELS } from './labels';
import { automationMessages } from './messages';
import { automationKeys } from './queries';
import { RunStatusBadge } from './RunStatusBadge';

const PAGE_SIZE = 10;
/** While a run is still going, ask again this often so the trace fills in by itself. */
const LIVE_REFRESH_MS = 1500;

const isLive = (run: RuleRun) => run.status === 'queued' || run.status === 'running';

export function RuleRuns({ ruleId }: { ruleId: string }) {
  const t = useT(automationMessages);
  const api = useApi();
  const [page, setPage] = useState(1);
  const runs = useQuery({
    queryKey: automationKeys.runs(ruleId, page),
    queryFn: async () =>
      unwrap(
        await api.rest.automation.listRuleRuns({
          params: { id: ruleId },
          query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        }),
        200,
      ),
    refetchInterval: (query) => (query.state.data?.runs.some(isLive) ? LIVE_REFRESH_MS : false),
  });
  return (
    <section className="stack" aria-labelledby="automation-runs-title">
      <div className="automation-section-head">
        <h2 id="automation-runs-title">{t('runs')}</h2>
        <Button small busy={runs.isFetching} onClick={() => runs.refetch()}>
          {t('refresh')}
        </Button>
      </div>
      {runs.isPending ? (
        <Loading />
      ) : runs.isError ? (
        <ErrorNotice error={runs.error} onRetry={() => runs.refetch()} />
      ) : runs.data.runs.length === 0 ? (
        <Empty>{t('runsEmpty')}</Empty>
      ) : (
        <>
          <ol className="list">
            {runs.data.runs.map((run) => (
              <li key={run.id}>
                <RunTrace run={run} />
              </li>
            ))}
          </ol>
          <Pager page={page} pageSize={PAGE_SIZE} total={runs.data.count} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function RunTrace({ run }: { run: RuleRun }) {
  const t = useT(automationMessages);
  const { locale } = useLocale();
  return (
    <article className="card stack automation-run" data-run-status={run.status}>
      <div className="row">
        <RunStatusBadge status={run.status} />
        <span className="badge">{RUN_TRIGGER_LABELS[run.trigger][locale]}</span>
        {run.event && <span className="badge">{t('eventTrigger', { type: run.event.type })}</span>}
        <span className="muted automation-small">{t('depth', { depth: run.depth })}</span>
      </div>
      <dl className="automation-times">
        <dt>{t('startedAt')}</dt>
        <dd>{formatDateTime(run.started_at, locale)}</dd>
        <dt>{t('finishedAt')}</dt>
        <dd>{formatDateTime(run.finished_at, locale)}</dd>
      </dl>
      {run.reason && (
        <p className="automation-run-reason">
          <strong>{t('reason')}:</strong> {run.reason}
        </p>
      )}
      {run.conditions.length > 0 && (
        <ul className="automation-conditions">
          {run.conditions.map((condition) => (
            <li key={condition.name}>
              <span className={condition.passed ? 'badge badge-success' : 'badge badge-danger'}>
                {condition.passed ? t('conditionPassed') : t('conditionFailed')}
              </span>{' '}
              <code>{condition.name}</code>{' '}
              {condition.detail && <span className="muted">{condition.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      {run.actions.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('stepsCol')}</caption>
            <tbody>
              {run.actions.map((step) => (
                <tr key={step.index} data-step-status={step.status}>
                  <td>{step.index + 1}</td>
                  <td>{ACTION_LABELS[step.type][locale]}</td>
                  <td>
                    <span className={step.status === 'failed' ? 'badge badge-danger' : 'badge'}>
                      {STEP_STATUS_LABELS[step.status][locale]}
                    </span>
                  </td>
                  <td className="muted automation-small">
                    {t('durationMs', { ms: step.duration_ms })}
                    {step.attempts > 1 && ` · ${t('attempts', { n: step.attempts })}`}
                  </td>
                  <td>{step.error && <span className="automation-field-error">{step.error}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
