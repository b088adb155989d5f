import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RulesService } from '../rules';

export const listRules = (rules: RulesService) =>
  s.route(contract.automation.listRules, async ({ req }) => {
    const list = await rules.list(principalOf(req));
    return { status: 200, body: { rules: list, count: list.length } };
  });
