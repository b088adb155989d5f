import { contract } from '@cyrene/contracts';
import { principalOf } from '../../http/principal';
import { s } from '../../http/server';
import type { RulesService } from '../rules';

export const createRule = (rules: RulesService) =>
  s.route(contract.automation.createRule, async ({ req, body }) => ({
    status: 201,
    body: { success: true, rule: await rules.create(principalOf(req), body) },
  }));
