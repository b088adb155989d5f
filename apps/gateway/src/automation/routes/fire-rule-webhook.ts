import { contract } from '@cyrene/contracts';
import { s } from '../../http/server';
import type { RulesService } from '../rules';

/** No login: the rule's own key in x-webhook-key is the credential. */
export const fireRuleWebhook = (rules: RulesService) =>
  s.route(contract.automation.fireRuleWebhook, async ({ params, headers, body }) => {
    await rules.fireWebhook(params.id, headers['x-webhook-key'], body);
    return { status: 200, body: { success: true, message: '规则已触发' } };
  });
