import type { AutomationRule } from '@cyrene/sdk';
import { unwrap } from '@cyrene/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Empty, Loading } from '../ui/Loading';
import { TRIGGER_LABELS } from './labels';
import { automationMessages } from './messages';
import { automationKeys, useRules, useTriggerRule } from './queries';
import { RunStatusBadge } from './RunStatusBadge';

export function RulesPanel() {
  const t = useT(automationMessages);
  const rules = useRules();
  const trigger = useTriggerRule();
  if (rules.isPending) return <Loading />;
  if (rules.isError) return <ErrorNotice error={rules.error} onRetry={() => rules.refetch()} />;
  if (rules.data.length === 0) return <Empty>{t('rulesEmpty')}</Empty>;
  return (
    <div className="stack">
      <ErrorNotice error={trigger.error} />
      <div className="table-wrap card automation-rules">
        <table>
          <thead>
            <tr>
              <th>{t('name')}</th>
              <th>{t('trigger')}</th>
              <th>{t('enabled')}</th>
              <th>{t('lastRun')}</th>
              <th>{t('actionsCol')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.data.map((rule) => (
              <RuleRow
                key={rule.id}
                rule={rule}
                running={trigger.isPending && trigger.variables === rule.id}
                onRun={() => trigger.mutate(rule.id)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function RuleRow({ rule, running, onRun }: { rule: AutomationRule; running: boolean; onRun: () => void }) {
  const t = useT(automationMessages);
  const { locale } = useLocale();
  return (
    <tr data-rule-id={rule.id}>
      <td>
        <Link to={`/automation/rules/${rule.id}`}>{rule.name}</Link>
        {rule.description && <div className="muted automation-small">{rule.description}</div>}
      </td>
      <td>
        <span className="badge">{TRIGGER_LABELS[rule.trigger_type][locale]}</span>
      </td>
      <td>
        <EnabledSwitch rule={rule} />
      </td>
      <td>
        <LastRun ruleId={rule.id} />
      </td>
      <td>
        <Button small busy={running} aria-label={t('runRule', { name: rule.name })} onClick={onRun}>
          {t('run')}
        </Button>
      </td>
    </tr>
  );
}

/** Turns a rule on or off in place (a partial update with only `enabled`). */
function EnabledSwitch({ rule }: { rule: AutomationRule }) {
  const t = useT(automationMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: async (enabled: boolean) =>
      unwrap(await api.rest.automation.updateRule({ params: { id: rule.id }, body: { enabled } }), 200),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: automationKeys.rules }),
  });
  // The wanted state shows at once (set in the event, so no render shows the old one), until the
  // refreshed rule confirms it or the error says why not.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const checked = wanted ?? rule.enabled;
  return (
    <div className="stack automation-switch-cell">
      <input
        type="checkbox"
        role="switch"
        className="automation-switch"
        aria-label={t('enableRule', { name: rule.name })}
        checked={checked}
        aria-checked={checked}
        disabled={toggle.isPending}
        onChange={(e) => {
          setWanted(e.target.checked);
          toggle.mutate(e.target.checked, { onSettled: () => setWanted(null) });
        }}
      />
      <ErrorNotice error={toggle.error} />
    </div>
  );
}

/** The newest run of a rule (the list endpoint does not carry it: one small request per rule). */
function LastRun({ ruleId }: { ruleId: string }) {
  const t = useT(automationMessages);
  const { locale } = useLocale();
  const api = useApi();
  const last = useQuery({
    queryKey: automationKeys.lastRun(ruleId),
    queryFn: async () =>
      unwrap(await api.rest.automation.listRuleRuns({ params: { id: ruleId }, query: { limit: 1 } }), 200)
        .runs[0] ?? null,
  });
  if (last.isPending) return <span className="muted">…</span>;
  if (last.isError) return <span className="muted">—</span>;
  if (!last.data) return <span className="muted">{t('never')}</span>;
  return (
    <span className="automation-last-run">
      <RunStatusBadge status={last.data.status} />{' '}
      <span className="muted automation-small">{formatDateTime(last.data.started_at, locale)}</span>
    </span>
  );
}
