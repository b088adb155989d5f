import { contract } from '@cyrene/contracts';
import { principalOf } from '../http/principal';
import { s } from '../http/server';
import type { RulesService } from './rules';
import type { ScenesService } from './scenes';

export function automationRouter({ rules, scenes }: { rules: RulesService; scenes: ScenesService }) {
  return s.router(contract.automation, {
    listRules: async ({ req }) => {
      const list = await rules.list(principalOf(req));
      return { status: 200, body: { rules: list, count: list.length } };
    },
    createRule: async ({ req, body }) => ({
      status: 201,
      body: { success: true, rule: await rules.create(principalOf(req), body) },
    }),
    getRule: async ({ req, params }) => ({
      status: 200,
      body: { rule: await rules.get(principalOf(req), params.id) },
    }),
    updateRule: async ({ req, params, body }) => ({
      status: 200,
      body: { success: true, rule: await rules.update(principalOf(req), params.id, body) },
    }),
    deleteRule: async ({ req, params }) => {
      await rules.delete(principalOf(req), params.id);
      return { status: 200, body: { success: true } };
    },
    triggerRule: async ({ req, params }) => {
      await rules.trigger(principalOf(req), params.id);
      return { status: 200, body: { success: true, message: '规则已触发' } };
    },
    /** No login: the rule's own key in x-webhook-key is the credential. */
    fireRuleWebhook: async ({ params, headers, body }) => {
      await rules.fireWebhook(params.id, headers['x-webhook-key'], body);
      return { status: 200, body: { success: true, message: '规则已触发' } };
    },
    listRuleRuns: async ({ req, params, query }) => ({
      status: 200,
      body: await rules.runs(principalOf(req), params.id, query),
    }),
    listScenes: async ({ req }) => {
      const list = await scenes.list(principalOf(req));
      return { status: 200, body: { scenes: list, count: list.length } };
    },
    createScene: async ({ req, body }) => ({
      status: 201,
      body: { success: true, scene: await scenes.create(principalOf(req), body) },
    }),
    getScene: async ({ req, params }) => ({
      status: 200,
      body: { scene: await scenes.get(principalOf(req), params.id) },
    }),
    updateScene: async ({ req, params, body }) => ({
      status: 200,
      body: { success: true, scene: await scenes.update(principalOf(req), params.id, body) },
    }),
    deleteScene: async ({ req, params }) => {
      await scenes.delete(principalOf(req), params.id);
      return { status: 200, body: { success: true } };
    },
    executeScene: async ({ req, params }) => {
      await scenes.execute(principalOf(req), params.id);
      return { status: 200, body: { success: true, message: '场景已执行' } };
    },
  });
}
