import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RulesService } from '../rules';

export const updateRule = (rules: RulesService) =>
  s.route(contract.automation.updateRule, async ({ req, params, body }) => ({
    status: 200,
    body: { success: true, rule: await rules.update(principalOf(req), params.id, body) },
  }));
