import { contract } from '@cyrene/contracts';
import { s } from '../http/server';
import { createRule } from './routes/create-rule';
import { createScene } from './routes/create-scene';
import { deleteRule } from './routes/delete-rule';
import { deleteScene } from './routes/delete-scene';
import { executeScene } from './routes/execute-scene';
import { fireRuleWebhook } from './routes/fire-rule-webhook';
import { getRule } from './routes/get-rule';
import { getScene } from './routes/get-scene';
import { listRuleRuns } from './routes/list-rule-runs';
import { listRules } from './routes/list-rules';
import { listScenes } from './routes/list-scenes';
import { triggerRule } from './routes/trigger-rule';
import { updateRule } from './routes/update-rule';
import { updateScene } from './routes/update-scene';
import type { RulesService } from './rules';
import type { ScenesService } from './scenes';

export function automationRouter({ rules, scenes }: { rules: RulesService; scenes: ScenesService }) {
  return s.router(contract.automation, {
    listRules: listRules(rules),
    createRule: createRule(rules),
    getRule: getRule(rules),
    updateRule: updateRule(rules),
    deleteRule: deleteRule(rules),
    triggerRule: triggerRule(rules),
    fireRuleWebhook: fireRuleWebhook(rules),
    listRuleRuns: listRuleRuns(rules),
    listScenes: listScenes(scenes),
    createScene: createScene(scenes),
    getScene: getScene(scenes),
    updateScene: updateScene(scenes),
    deleteScene: deleteScene(scenes),
    executeScene: executeScene(scenes),
  });
}
