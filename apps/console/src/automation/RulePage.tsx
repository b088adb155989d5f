import { type AutomationRule, UpdateRuleBodySchema, unwrap } from '@cyrene/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button, ConfirmButton } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { browserTimeZone } from '../ui/local-time';
import { PageHeader } from '../ui/PageHeader';
import { useToast } from '../ui/toasts';
import { automationMessages } from './messages';
import { automationKeys, useTriggerRule } from './queries';
import { RuleRuns } from './RuleRuns';
import { draftFromRule, type RuleBody } from './rule-form/draft';
import { RuleForm } from './rule-form/RuleForm';
import './automation.css';

/** One rule: edit it, run it, delete it, and see how its runs went. */
export function RulePage() {
  const t = useT(automationMessages);
  const api = useApi();
  const { id = '' } = useParams();
  const rule = useQuery({
    queryKey: automationKeys.rule(id),
    queryFn: async () => unwrap(await api.rest.automation.getRule({ params: { id } }), 200).rule,
  });
  return (
    <section className="stack">
      <PageHeader
        title={rule.data?.name ?? t('editRule')}
        actions={rule.data && <RuleActions rule={rule.data} />}
      >
        <Link to="/automation">{t('back')}</Link>
      </PageHeader>
      {rule.isPending ? (
        <Loading lines={6} />
      ) : rule.isError ? (
        <ErrorNotice error={rule.error} onRetry={() => rule.refetch()} />
      ) : (
        <div className="automation-rule-layout">
          {/* Keyed by the saved version, so the form starts over from what the gateway stored. */}
          <EditRule key={rule.dataUpdatedAt} rule={rule.data} />
          <RuleRuns ruleId={id} />
        </div>
      )}
    </section>
  );
}

function EditRule({ rule }: { rule: AutomationRule }) {
  const t = useT(automationMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const update = useMutation({
    mutationFn: async (body: RuleBody) =>
      unwrap(await api.rest.automation.updateRule({ params: { id: rule.id }, body }), 200).rule,
    onSuccess: (saved) => {
      queryClient.setQueryData(automationKeys.rule(rule.id), saved);
      queryClient.invalidateQueries({ queryKey: automationKeys.rules });
      toast({ title: t('saved'), kind: 'success' });
    },
  });
  return (
    <RuleForm
      initial={draftFromRule(rule, browserTimeZone())}
      schema={UpdateRuleBodySchema}
      submitLabel={t('save')}
      busy={update.isPending}
      error={update.error}
      onSubmit={(body) => update.mutate(body)}
    />
  );
}

function RuleActions({ rule }: { rule: AutomationRule }) {
  const t = useT(automationMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const trigger = useTriggerRule();
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.rest.automation.deleteRule({ params: { id: rule.id } }), 200),
    onSuccess: () => {
      toast({ title: t('deleted'), kind: 'success' });
      navigate('/automation');
      // Forget the rule without asking again (that would only answer 404); gone from the list at once.
      queryClient.removeQueries({ queryKey: automationKeys.rule(rule.id) });
      queryClient.removeQueries({ queryKey: automationKeys.allRuns(rule.id) });
      queryClient.setQueryData(automationKeys.rules, (rules: AutomationRule[] | undefined) =>
        rules?.filter((r) => r.id !== rule.id),
      );
      // Scenes drop a deleted rule from their lists.
      queryClient.invalidateQueries({ queryKey: automationKeys.scenes });
    },
  });
  return (
    <div className="stack">
      <div className="row">
        <Button variant="primary" busy={trigger.isPending} onClick={() => trigger.mutate(rule.id)}>
          {t('run')}
        </Button>
        <ConfirmButton busy={remove.isPending} onConfirm={() => remove.mutate()}>
          {t('delete')}
        </ConfirmButton>
      </div>
      <ErrorNotice error={trigger.error ?? remove.error} />
    </div>
  );
}
