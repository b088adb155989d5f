import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RulesService } from '../rules';

export const deleteRule = (rules: RulesService) =>
  s.route(contract.automation.deleteRule, async ({ req, params }) => {
    await rules.delete(principalOf(req), params.id);
    return { status: 200, body: { success: true } };
  });
