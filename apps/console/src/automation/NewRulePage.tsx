import { CreateRuleBodySchema, unwrap } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { browserTimeZone } from '../ui/local-time';
import { PageHeader } from '../ui/PageHeader';
import { useToast } from '../ui/toasts';
import { automationMessages } from './messages';
import { automationKeys } from './queries';
import { emptyDraft, type RuleBody } from './rule-form/draft';
import { RuleForm } from './rule-form/RuleForm';
import './automation.css';

export function NewRulePage() {
  const t = useT(automationMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [initial] = useState(() => emptyDraft(browserTimeZone()));
  const create = useMutation({
    mutationFn: async (body: RuleBody) => unwrap(await api.rest.automation.createRule({ body }), 201).rule,
    onSuccess: (rule) => {
      queryClient.invalidateQueries({ queryKey: automationKeys.rules });
      toast({ title: t('saved'), kind: 'success' });
      navigate(`/automation/rules/${rule.id}`);
    },
  });
  return (
    <section className="stack">
      <PageHeader title={t('newRule')}>
        <Link to="/automation">{t('back')}</Link>
      </PageHeader>
      <RuleForm
        initial={initial}
        schema={CreateRuleBodySchema}
        submitLabel={t('create')}
        busy={create.isPending}
        error={create.error}
        onSubmit={(body) => create.mutate(body)}
      />
    </section>
  );
}
