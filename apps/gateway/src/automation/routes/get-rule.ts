import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RulesService } from '../rules';

export const getRule = (rules: RulesService) =>
  s.route(contract.automation.getRule, async ({ req, params }) => ({
    status: 200,
    body: { rule: await rules.get(principalOf(req), params.id) },
  }));
