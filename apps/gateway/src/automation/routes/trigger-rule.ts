import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RulesService } from '../rules';

export const triggerRule = (rules: RulesService) =>
  s.route(contract.automation.triggerRule, async ({ req, params }) => {
    await rules.trigger(principalOf(req), params.id);
    return { status: 200, body: { success: true, message: '规则已触发' } };
  });
