import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RulesService } from '../rules';

export const listRuleRuns = (rules: RulesService) =>
  s.route(contract.automation.listRuleRuns, async ({ req, params, query }) => ({
    status: 200,
    body: await rules.runs(principalOf(req), params.id, query),
  }));
